"""`umlaut ui`'s shell against a real browser and raw HTTP: the token, Host and Origin checks,
paths outside the app, hostile text, loopback only, ui.json's life."""

import json
import signal
import stat

import pytest
from selenium.webdriver.support.ui import WebDriverWait
from conftest import HOSTILE_MESSAGE, HOSTILE_SCRIPT, RunningUI, import_session, screenshot


def listening_addresses(port):
    """The local addresses in LISTEN state on `port`, from the kernel's socket tables."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                address, state = fields[1], fields[3]
                if state == "0A" and int(address.rsplit(":", 1)[1], 16) == port:
                    found.append(address.rsplit(":", 1)[0])
    return found


def test_it_listens_on_loopback_only(ui):
    assert listening_addresses(ui.port) == ["0100007F"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_ui_json_is_private_while_running_and_removed_at_exit(workspace, sig):
    running = RunningUI(workspace)
    mode = stat.S_IMODE(running.state_path.stat().st_mode)
    assert mode == 0o600
    assert set(running.state) == {"url", "token", "pid", "port"}
    assert running.state["url"] == f"http://127.0.0.1:{running.port}"
    assert running.state["pid"] == running.process.pid
    assert len(running.state["token"]) == 64
    assert running.stop(sig) == 0
    assert not running.state_path.exists()


def test_every_request_needs_the_token(ui):
    for target in ("/", "/runs", "/api/sessions", "/assets/dashboard.js", "/vendor/chart.js"):
        status, _, body = ui.request("GET", target, token=False)
        assert status == 401, target
        assert "Chart" not in body
    status, _, _ = ui.request("GET", "/?token=" + "0" * 64, token=False)
    assert status == 403
    status, _, _ = ui.request("GET", "/api/sessions", token=False,
                              headers={"Cookie": f"umlaut_ui_{ui.port}={'0' * 64}"})
    assert status == 401


def test_the_token_url_sets_an_httponly_cookie_in_the_browser(ui, browser):
    browser.get(f"{ui.base}/?token={ui.token}")
    assert browser.current_url == f"{ui.base}/"
    cookies = {cookie["name"]: cookie for cookie in browser.get_cookies()}
    cookie = cookies[f"umlaut_ui_{ui.port}"]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert browser.execute_script("return document.cookie") == ""
    screenshot(browser, "shell-runs")


def test_a_foreign_host_or_origin_is_refused(ui):
    for host in (f"evil.example:{ui.port}", "evil.example", f"127.0.0.1:{ui.port + 1}"):
        status, _, _ = ui.request("GET", "/api/sessions", host=host)
        assert status == 421, host
    for origin in ("http://evil.example", "null", f"http://localhost:{ui.port + 1}"):
        status, _, _ = ui.request("GET", "/api/sessions", headers={"Origin": origin})
        assert status == 403, origin
    status, _, _ = ui.request("POST", "/api/open", body='{"uri": "file:///x.py"}',
                              headers={"Origin": "http://evil.example", "Content-Type": "application/json"})
    assert status == 403
    assert ui.request("GET", "/api/sessions", host=f"localhost:{ui.port}")[0] == 200


def test_no_path_leaves_the_app(ui):
    for target in ("/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                   "/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/assets/%2fetc%2fpasswd", "//etc/passwd",
                   "/assets//etc/passwd", "/vendor/..%2f..%2f..%2fetc%2fpasswd", "/etc/passwd",
                   "/assets/..\\..\\etc\\passwd", "/usr/share/javascript/chart.js/chart.min.js"):
        status, _, body = ui.request("GET", target)
        assert status == 404, target
        assert "root:" not in body and "Chart.js" not in body
    status, _, body = ui.request("GET", f"http://127.0.0.1:{ui.port}/etc/passwd")
    assert status in (400, 404) and "root:" not in body


def test_security_headers_on_every_answer(ui):
    for target in ("/", "/api/sessions", "/nowhere"):
        _, headers, _ = ui.request("GET", target)
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_hostile_names_and_messages_are_shown_as_text(workspace, browser):
    import_session(workspace, name='evil"><img src=x onerror=alert(3)>', script_name=HOSTILE_SCRIPT,
                   crash_message=HOSTILE_MESSAGE)
    running = RunningUI(workspace)
    try:
        status, _, body = running.request("GET", "/api/sessions")
        assert status == 200
        rows = json.loads(body)["runs"]
        session_id = rows[0]["id"]
        for target, name in (("/", "shell-hostile-runs"), (f"/runs/{session_id}", "shell-hostile-run"),
                             ('/runs/"><img src=x onerror=alert(4)><b>bold', "shell-hostile-404")):
            browser.get_log("browser")  # drop what earlier pages logged
            browser.get(f"{running.base}{target}{'&' if '?' in target else '?'}token={running.token}")
            # Wait until the page has drawn its data: the hostile text is on screen, as text.
            expected = {"shell-hostile-runs": "onerror=alert(3)", "shell-hostile-run": 'alert("msg")',
                        "shell-hostile-404": "onerror=alert(4)"}[name]
            WebDriverWait(browser, 20).until(lambda driver: expected in driver.find_element("tag name", "body").text)
            # No script ran: no alert, no element made from the text.
            alerts = browser.execute_script("return typeof window.__alerted")
            assert alerts == "undefined"
            from selenium.common.exceptions import NoAlertPresentException
            with pytest.raises(NoAlertPresentException):
                browser.switch_to.alert.text
            images = browser.execute_script(
                "return Array.from(document.querySelectorAll('img')).filter(i => i.getAttribute('onerror')).length")
            assert images == 0, target
            inline = browser.execute_script(
                "return Array.from(document.scripts).filter(s => !s.src && s.type !== 'application/json').length")
            assert inline == 0, target
            screenshot(browser, name)
            # The pages live within the shell's Content-Security-Policy: nothing was blocked.
            blocked = [entry["message"] for entry in browser.get_log("browser")
                       if "Content Security Policy" in entry["message"]]
            assert blocked == [], target
        assert "<img src=x onerror=alert(4)>" in browser.find_element("tag name", "body").text
    finally:
        running.stop()


def test_a_damaged_database_is_an_error_not_a_crash(workspace):
    import_session(workspace, name="fine")
    running = RunningUI(workspace)
    try:
        database = workspace / ".umlaut" / "sessions.sqlite"
        for suffix in ("-wal", "-shm"):
            (workspace / ".umlaut" / f"sessions.sqlite{suffix}").unlink(missing_ok=True)
        database.write_bytes(b"A" * 4096)
        status, headers, body = running.request("GET", "/api/sessions/1")
        assert status == 503
        assert "error" in json.loads(body)
        status, _, body = running.request("GET", "/runs/1")
        assert status == 503 and "not a session database" in body
        assert running.process.poll() is None
        database.unlink()
        status, _, body = running.request("GET", "/api/sessions")
        assert status == 200
    finally:
        running.stop()
