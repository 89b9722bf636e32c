import LintCore
import PythonSyntax
import Testing
import Workspace

@Suite struct NotebookTests {
    /// A notebook as Jupyter writes it (indent=1), with a markdown cell, magics and outputs.
    static let notebook = #"""
        {
         "cells": [
          {
           "cell_type": "markdown",
           "id": "m1",
           "metadata": {},
           "source": [
            "# Title"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 1,
           "id": "c1",
           "metadata": {"tags": ["setup"]},
           "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}],
           "source": [
            "%matplotlib inline\n",
            "!pip install keras\n",
            "import keras"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c2",
           "metadata": {},
           "outputs": [],
           "source": "x = 1\nrate = 0.8  # é\n"
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c3",
           "metadata": {},
           "outputs": [],
           "source": [
            "%%bash\n",
            "ls -l"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c4",
           "metadata": {},
           "outputs": [],
           "source": [
            "%%time\n",
            "for i in range(3):\n",
            "    !echo hi\n",
            "files = !ls\n",
            "model.fit?"
           ]
          }
         ],
         "metadata": {"language_info": {"name": "python"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """#

    func load(_ text: String = Self.notebook) throws -> NotebookSource {
        NotebookSource(try Notebook(bytes: Array(text.utf8)))
    }

    @Test func joinsCodeCellsAndNeutralisesIPythonSyntaxInPlace() throws {
        let source = try load()
        #expect(source.notebook.cells.map(\.kind) == [.markdown, .code, .code, .code, .code])
        // The %%bash cell is not Python: left out. Cell numbers count code cells.
        #expect(source.cells.map(\.number) == [1, 2, 4])
        #expect(source.cells.map(\.cellIndex) == [1, 2, 4])
        #expect(
            source.text.string == """
                #matplotlib inline
                #pip install keras
                import keras
                x = 1
                rate = 0.8  # é
                #%time
                for i in range(3):
                    0#cho hi
                files = 0#s
                model.fit 

                """)
        // The same bytes, offsets unchanged: the original text keeps the magics.
        #expect(source.originalText.bytes.count == source.text.bytes.count)
        #expect(source.originalText.string.contains("    !echo hi\nfiles = !ls\nmodel.fit?"))
        #expect(!Parser().parse(source.text).hasErrors)
    }

    @Test func locationsMapToCellsAndBack() throws {
        let source = try load()
        let text = source.text.string
        let rate = try #require(text.utf8.firstRange(of: "0.8".utf8))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: rate.lowerBound)
        let location = try #require(source.location(ofByte: offset))
        #expect(location.cellNumber == 2 && location.cellIndex == 2)
        #expect(location.position == LineColumn(line: 1, column: 7))
        #expect(source.byteOffset(cellIndex: 2, position: location.position) == offset)
        // Columns after non-ASCII text count scalars (and UTF-16 units for the editor).
        let end = offset + "0.8  # é".utf8.count
        #expect(source.location(ofByte: end, unit: .scalar)?.position.column == 15)
        #expect(source.location(ofByte: end, unit: .utf8)?.position.column == 16)
        let fit = try #require(text.utf8.firstRange(of: "fit".utf8))
        let fitLocation = try #require(
            source.location(ofByte: text.utf8.distance(from: text.utf8.startIndex, to: fit.lowerBound)))
        #expect(fitLocation.cellNumber == 4 && fitLocation.position == LineColumn(line: 4, column: 6))
        #expect(source.cellRange(of: 3) == nil)
        #expect(source.notebook.fileLine(ofCell: 4, line: 2) == 51)
    }

    @Test func fixesAreWrittenBackChangingOnlyTheirCells() throws {
        let source = try load()
        let text = source.text.string
        let rate = try #require(text.utf8.firstRange(of: "0.8".utf8))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: rate.lowerBound)
        let edit = Edit(range: offset..<(offset + 3), replacement: "0.2")
        #expect(source.canApply(edit))
        // Edits that touch neutralised magics or cross cells cannot be written back.
        #expect(!source.canApply(Edit(range: 0..<1, replacement: "")))
        #expect(!source.canApply(Edit(range: offset..<(source.text.bytes.count), replacement: "")))
        let fixed = source.applying([edit])
        #expect(fixed.sources[2] == "x = 1\nrate = 0.2  # é\n")
        #expect(fixed.text.string.contains("rate = 0.2  # é"))
        let written = String(decoding: fixed.encoded(), as: UTF8.self)
        #expect(
            written
                == Self.notebook.replacingOccurrences(
                    "\"source\": \"x = 1\\nrate = 0.8", with: "\"source\": \"x = 1\\nrate = 0.2"))
        // Unchanged sources give back the file byte for byte.
        #expect(source.encoded() == Array(Self.notebook.utf8))
    }

    @Test func listSourcesKeepTheirLayout() throws {
        let source = try load()
        let text = source.text.string
        let keras = try #require(text.utf8.firstRange(of: "import keras".utf8))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: keras.lowerBound)
        let fixed = source.applying([
            Edit(range: offset..<(offset + 12), replacement: "import keras\nimport numpy as np")
        ])
        let written = String(decoding: fixed.encoded(), as: UTF8.self)
        #expect(
            written.contains(
                """
                   "source": [
                    "%matplotlib inline\\n",
                    "!pip install keras\\n",
                    "import keras\\n",
                    "import numpy as np"
                   ]
                """))
        let reread = try Notebook(bytes: fixed.encoded())
        #expect(reread.cells[1].source == "%matplotlib inline\n!pip install keras\nimport keras\nimport numpy as np")
        #expect(reread.cells[1].id == "c1")
    }

    @Test(arguments: [
        ("{\"cells\": [", "invalid JSON at line 1, column 12: unexpected end of file"),
        ("[1, 2]", "not a notebook: the JSON is not an object"),
        ("{\"nbformat\": 4}", "not a notebook: no `cells` array"),
        ("{\"cells\": [{\"cell_type\": \"code\"}]}", "cell 1 has no `source`"),
        (
            "{\"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}",
            "cell 1: `source` must be a string or a list of strings"
        ),
        (
            "{\"nbformat\": 3, \"worksheets\": []}",
            "nbformat 3 notebooks are not supported; convert with `jupyter nbconvert --to notebook --nbformat 4`"
        ),
        (
            "{\"cells\": [], \"x\": \"\u{1}\"}",
            "invalid JSON at line 1, column 21: control character in a string (must be escaped)"
        ),
    ])
    func brokenNotebooksSayWhy(text: String, message: String) {
        #expect(throws: NotebookError(message: message)) { try Notebook(bytes: Array(text.utf8)) }
    }

    @Test func inMemoryNotebooksForTheEditor() throws {
        let notebook = Notebook(cells: [(.markdown, "# t"), (.code, "!pip install x\nimport keras"), (.code, "y = 2")])
        let source = NotebookSource(notebook)
        #expect(source.text.string == "#pip install x\nimport keras\ny = 2\n")
        #expect(source.cells.map(\.cellIndex) == [1, 2])
        let offset = source.text.string.utf8.count - 2
        #expect(source.location(ofByte: offset)?.cellIndex == 2)
        #expect(source.location(ofByte: offset)?.position == LineColumn(line: 0, column: 4))
        let fixed = source.applying([Edit(range: offset..<(offset + 1), replacement: "3")])
        #expect(fixed.sources[2] == "y = 3")
        #expect(fixed.encoded().isEmpty)
    }

    /// A `%` that starts a line inside brackets, a string or after `\\` continues Python: string
    /// formatting (`"..." \n %(a, b)`), not a magic. A real magic after the brackets close still is.
    @Test func percentInsideBracketsIsStringFormattingNotAMagic() throws {
        let cell = #"""
            print('Epoch: %d, loss: %f.'
                  %(epoch, loss))
            text = """
            %(name)s
            """
            total = 1 + \
            %(x)
            %matplotlib inline
            """#
        let source = NotebookSource(Notebook(cells: [(.code, cell)]))
        #expect(source.text.string == cell.replacingOccurrences(of: "%matplotlib", with: "#matplotlib") + "\n")
        let broken = NotebookSource(Notebook(cells: [(.code, "print('%d'\n      %(1)\nx = (")]))
        // The syntax error is where the code is broken, not at the formatting line.
        #expect(Parser().parse(broken.text).hasErrors)
        #expect(broken.text.string.contains("      %(1)"))
    }

    @Test func otherLanguagesAreRecognised() throws {
        let r = try Notebook(bytes: Array(#"{"cells": [], "metadata": {"kernelspec": {"language": "R"}}}"#.utf8))
        #expect(!r.isPython && r.language == "r")
        let python = try Notebook(bytes: Array(#"{"cells": []}"#.utf8))
        #expect(python.isPython)
    }

    @Test func escapesAndSurrogatesDecode() throws {
        let notebook = try Notebook(
            bytes: Array(#"{"cells": [{"cell_type": "code", "source": "s = \"\ud83d\ude00\\t\u00e9\"\n"}]}"#.utf8))
        #expect(notebook.cells[0].source == "s = \"😀\\t\u{e9}\"\n")
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
