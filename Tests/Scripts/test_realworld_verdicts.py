"""Scripts/realworld_verdicts.py on small made-up findings and verdicts."""

import json
import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "Scripts" / "realworld_verdicts.py"
HEADER = "path\tcell\tline\tcode\tverdict\twhy\n"
VERDICTS = HEADER + "".join([
    "a.py\t\t10\tUM101\treal\t\n",
    "a.py\t\t20\tUM301\tfalse-alarm\tAdagrad judged as Adam\n",
    "n.ipynb\t3\t2\tUM104\targuable (toy or demo code)\t\n",
    "b.py\t\t5\tUM302\treal (low impact)\t\n",
])


def run(tmp_path, findings, files=4):
    (tmp_path / "findings.json").write_text(json.dumps(findings))
    (tmp_path / "verdicts.tsv").write_text(VERDICTS)
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "findings.json"), str(tmp_path / "verdicts.tsv"), str(files)],
                          capture_output=True, text=True)


def finding(path, line, code, cell=None):
    return {"path": path, "cell": cell, "line": line, "code": code, "message": f"{code} here"}


def test_all_verdicts_met_passes_and_lists_new_findings(tmp_path):
    result = run(tmp_path, [finding("a.py", 11, "UM101"), finding("b.py", 5, "UM302"), finding("c.py", 1, "UM201")])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "real kept 2, real lost 0" in result.stdout
    assert "false alarms still reported 0 of 1 listed" in result.stdout
    assert "arguable still reported 0 of 1 listed" in result.stdout
    assert "NEW c.py:1: UM201 UM201 here" in result.stdout
    assert "0.0 listed false alarms per 1,000 files" in result.stdout


def test_a_lost_real_finding_or_a_false_alarm_fails(tmp_path):
    result = run(tmp_path, [finding("a.py", 20, "UM301"), finding("n.ipynb", 2, "UM104", cell=3), finding("b.py", 5, "UM302")])
    assert result.returncode == 1
    assert "LOST real finding: a.py:10: UM101" in result.stdout
    assert "FALSE ALARM still reported: a.py:20: UM301 (Adagrad judged as Adam)" in result.stdout
    assert "arguable still reported 1 of 1 listed" in result.stdout
    assert "250.0 listed false alarms per 1,000 files" in result.stdout


def test_lines_match_exactly_first_then_within_two(tmp_path):
    # The finding at line 13 is too far from the verdict at 10; the one in another cell is another finding.
    result = run(tmp_path, [finding("a.py", 13, "UM101"), finding("n.ipynb", 2, "UM104", cell=4), finding("b.py", 5, "UM302")])
    assert result.returncode == 1
    assert "LOST real finding: a.py:10: UM101" in result.stdout
    assert "NEW a.py:13: UM101" in result.stdout
    assert "NEW n.ipynb[cell 4]:2: UM104" in result.stdout
