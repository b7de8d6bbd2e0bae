"""Bad inputs made from the good fixtures, with Python's standard library only.

    python3 make_bad.py bomb SOURCE.docx OUT.docx      word/document.xml replaced by 200 MB of text whose
                                                       headers claim 4 KB, as a hostile zip would
    python3 make_bad.py laughs SOURCE PART OUT         PART replaced by a billion-laughs XML document
"""
import struct
import sys
import zipfile

LAUGHS_DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
<!ENTITY lol "lol">
""" + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
) + "]>\n"


def rewrite(source, out, replaced):
    """Copies the zip `source` to `out` with the parts in `replaced` (name -> bytes) swapped in."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = replaced.get(item.filename, zin.read(item.filename))
            # The EPUB mimetype stays first and stored, as the format asks.
            kind = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(item, data, compress_type=kind, compresslevel=9)


def lie_about_size(path, name, claimed):
    """Sets the uncompressed size of `name` in its local and central headers to `claimed`."""
    data = bytearray(open(path, "rb").read())
    encoded = name.encode()
    local = 0
    while (local := data.find(b"PK\x03\x04", local)) >= 0:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == encoded:
            struct.pack_into("<I", data, local + 22, claimed)
        local += 4
    central = 0
    while (central := data.find(b"PK\x01\x02", central)) >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == encoded:
            struct.pack_into("<I", data, central + 24, claimed)
        central += 4
    open(path, "wb").write(data)


if sys.argv[1] == "bomb":
    _, _, source, out = sys.argv
    body = b"a " * (100 << 20)
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + body + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    rewrite(source, out, {"word/document.xml": document})
    lie_about_size(out, "word/document.xml", 4096)
elif sys.argv[1] == "laughs":
    _, _, source, part, out = sys.argv
    if part.endswith(".xhtml"):
        body = '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Laughs</h1><p>&lol9;</p></body></html>'
    else:
        body = (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        )
    rewrite(source, out, {part: (LAUGHS_DTD + body).encode()})
