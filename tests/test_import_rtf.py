"""RTF files, as Word and WPS save them and office systems export them: read as a .docx is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportsite.editor.importing.sources import SourceError, read


def gbk(text: str) -> str:
    """Text as Word writes it in an RTF file on Chinese Windows: GBK's bytes, each as \\'hh
    (a symbol font's byte as itself)."""
    return "".join(
        character
        if character.isascii()
        else "".join(f"\\'{b:02x}" for b in character.encode("gbk", errors="ignore"))
        or f"\\'{ord(character):02x}"
        for character in text
    )


def run(text: str, font: int = 39, bold: bool = False) -> str:
    """A run as Word writes one: its Chinese and Latin parts apart, each under its font."""
    b = "\\b" if bold else ""
    return (
        f"{{\\rtlch\\fcs1 \\af0\\afs32 \\ltrch\\fcs0 {b}\\f{font}\\fs32\\insrsid1 "
        f"\\loch\\af{font}\\hich\\af{font}\\dbch\\f{font} {gbk(text)}}}"
    )


PARAGRAPH = (
    "\\pard\\plain \\ltrpar\\qj \\fi640\\li0\\ri0\\widctlpar\\wrapdefault\\aspalpha\\aspnum"
    "\\faauto\\adjustright\\rin0\\lin0\\itap0 \\rtlch\\fcs1 \\af0\\afs21\\alang1025 \\ltrch\\fcs0 "
    "\\kerning2\\fs21\\lang1033\\langfe2052\\loch\\af0\\hich\\af0\\dbch\\af13\\cgrid "
)
END = "{\\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 \\insrsid1 \\par }\n"

WORD_RTF = (
    "{\\rtf1\\adeflang1025\\ansi\\ansicpg936\\uc2\\adeff0\\deff0\\stshfdbch13\\deflangfe2052"
    "{\\fonttbl{\\f0\\fbidi \\froman\\fcharset0\\fprq2{\\*\\panose 02020603050405020304}"
    "Times New Roman;}"
    f"{{\\f13\\fbidi \\fnil\\fcharset134\\fprq2{{\\*\\panose 02010600030101010101}}{gbk('宋体')}"
    "{\\*\\falt SimSun};}"
    f"{{\\f37\\fbidi \\fmodern\\fcharset134\\fprq1{gbk('黑体')};}}"
    f"{{\\f38\\fbidi \\fmodern\\fcharset134\\fprq1{gbk('楷体_GB2312')};}}"
    f"{{\\f39\\fbidi \\fmodern\\fcharset134\\fprq1{gbk('仿宋_GB2312')};}}"
    "{\\f3\\fbidi \\froman\\fcharset2\\fprq2 Symbol;}"
    "{\\f41\\fbidi \\froman\\fcharset2\\fprq2 Wingdings 2;}}\n"
    "{\\colortbl;\\red0\\green0\\blue0;}{\\*\\defchp \\loch\\af0\\hich\\af0\\dbch\\af13 }"
    "{\\stylesheet{\\qj \\li0\\ri0\\widctlpar \\snext0 \\sqformat \\spriority0 Normal;}"
    "{\\s1\\qj \\li0\\ri0\\keepn\\outlinelevel0 \\b\\fs44 \\sbasedon0 \\snext0 heading 1;}"
    f"{{\\*\\cs15 \\additive \\b\\fs44 \\sbasedon10 \\slink1 {gbk('标题 1 字符')};}}}}\n"
    "{\\*\\listtable{\\list\\listtemplateid1{\\listlevel\\levelnfc39\\levelfollow2"
    "{\\leveltext\\'03\\'a3\\'a8\\'00\\'a3\\'a9;}{\\levelnumbers\\'02;}}\\listid7}}"
    f"{{\\info{{\\title {gbk('模板')}}}{{\\author {gbk('党政办')}}}}}"
    "{\\upr{\\*\\fchars \\'a1\\'a2}{\\*\\ud\\uc0{\\*\\fchars \\u12289 }}}\n"
    "\\sectd \\ltrsect{\\headerr \\pard\\plain \\qc "
    f"{run('瓦窑镇人民政府')}\\par }}"
    "{\\footerr \\pard\\plain \\qc {\\field{\\*\\fldinst {PAGE \\\\* MERGEFORMAT }}"
    "{\\fldrslt {1}}}\\par }\n"
    # A centred headline in 黑体, across a Latin and a Chinese run: a heading by its font.
    f"{PARAGRAPH}\\qc {run('一、2024', 37)}{run('年工作回顾', 37)}{END}"
    # A heading style.
    f"\\pard\\plain \\ltrpar\\s1\\qj \\keepn\\outlinelevel0 {run('总体要求', 39, bold=True)}{END}"
    # An outline level set on a paragraph of the body's look (大纲级别 2级), no heading style.
    f"\\pard\\plain \\ltrpar\\qj \\outlinelevel1 {run('稳增长')}{END}"
    # A bold lead, a field's result, a split GBK character, Unicode with fallback bytes (a
    # surrogate pair among them), hidden and deleted text, a bookmark, a picture, a note, and
    # a soft line break.
    f"{PARAGRAPH}{run('农业稳定。', 38, bold=True)}{run('粮食')}"
    "{\\*\\bkmkstart _Toc1}{\\*\\bkmkend _Toc1}"
    f'{{\\field{{\\*\\fldinst {{HYPERLINK "http://example.gov.cn/"}}}}{{\\fldrslt {run("总产")}}}}}'
    "{\\v\\f39 \\'d2\\'fe\\'b2\\'d8}{\\deleted\\f39 \\'c9\\'be}"
    "{\\f39 \\'b0A\\u8212\\'a1\\'aa\\u-10174\\'3f\\'3f\\u-8265\\'3f\\'3f\\uc1\\u8220\\ldblquote }"
    "{\\upr{\\f39 \\'b9\\'d8}{\\*\\ud{\\f39 \\u20851\\'b9\\'d8}}}{\\pict\\pngblip 89504e47}"
    "{\\*\\shppict{\\pict\\pngblip 89504e470d0a1a0a}}{\\nonshppict{\\pict\\wmetafile8 0100}}"
    f"{{\\footnote {run('注释')}}}{{\\*\\atnid x}}{{\\*\\annotation {run('批注')}}}"
    f"{run('1万吨')}\\line {run('第二行')}{{\\f39 \\~\\_\\-\\bin4 {{}}{{}}\\'a1\\'a3}}{END}"
    # A list's number written out (no tab after it: the level says so), in another font than
    # the 楷体 of a section's heading; and a bullet's, which shows none.
    f"{{\\listtext\\pard\\plain \\f39 {gbk('（一）')}}}{PARAGRAPH}\\ls1 {run('产业发展', 38)}{END}"
    "{\\listtext\\pard\\plain \\ltrch\\f3\\fs20 \\'b7\\tab}"
    f"{PARAGRAPH}\\ls2 {run('项目建设')}{END}"
    # A text box (its copy for older readers in \shprslt) and a WordArt, after the paragraph
    # they are anchored in; a box's caption in 黑体 is no heading.
    f"{PARAGRAPH}{run('见专栏')}"
    "{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright8504\\shpbottom1560"
    "{\\sp{\\sn shapeType}{\\sv 202}}{\\sp{\\sn wzName}{\\sv Text Box 2}}"
    f"{{\\shptxt {PARAGRAPH}{run('专栏', 37)}{END}{PARAGRAPH}{run('框中文字')}{END}}}}}"
    f"{{\\shprslt {PARAGRAPH}{run('专栏', 37)}{END}}}}}"
    "{\\shp{\\*\\shpinst{\\sp{\\sn shapeType}{\\sv 136}}"
    f"{{\\sp{{\\sn gtextUNICODE}}{{\\sv {gbk('石门乡人民代表大会文件')}}}}}"
    f"{{\\sp{{\\sn gtextFont}}{{\\sv {gbk('方正小标宋简体')}}}}}}}{{\\shprslt {{\\pict 00}}}}}}"
    f"{END}"
    # A table: each cell a paragraph, the row's end none.
    "\\trowd \\irow0\\irowband0\\ltrrow\\ts11\\trgaph108\\cellx2000\\clvmgf\\cellx6000"
    f"\\pard\\plain \\ltrpar\\ql \\intbl {run('索引号')}\\cell {run('001')}\\cell "
    "\\pard\\plain \\intbl \\trowd \\cellx2000\\cellx6000 \\row\n"
    # A ticked box as Word writes a symbol: its glyph's code in Wingdings 2, as a byte or as
    # a character typed in that font.
    f"{PARAGRAPH}{run('R', 41)}{run('主动公开')}{run(chr(0xA3), 41)}{run('依申请公开')}"
    # and inserted (Insert → Symbol): a field's code, its result empty.
    '{\\field{\\*\\fldinst SYMBOL 80 \\\\f "Wingdings 2" \\\\s 16}{\\fldrslt\\f41\\fs32}}'
    '{\\field{\\*\\fldinst {\\rtlch SYMBOL 0xB3 \\\\f "Symbol" \\\\s 16}}{\\fldrslt {\\f3 \\\'b3}}}'
    f"{run('合格')}{END}"
    "}\n"
    "这是文件结束之后的文字"
)


def test_an_rtf_file_is_read_as_word_shows_it() -> None:
    """An RTF file as Word 2016 on Chinese Windows writes it: GBK text in its runs' fonts (a
    character's two bytes split over both forms), Unicode with its fallback bytes, headings by
    style, by outline level and by 黑体, bold leads, a field's result, a list's number written
    out, a table's cells, a text box and a WordArt after their paragraph (the box once), symbols
    of Wingdings 2; not its header and footer, its document properties, hidden or deleted text,
    a note, a comment, a picture, a bookmark, a field's code, binary data, or text after the
    document. It was refused: open it in Word and save it as .docx."""
    source = read(WORD_RTF.encode("gbk"), "report.rtf")
    assert (source.format, source.word) == ("rtf", True)
    assert [
        (line.text, line.number, line.bold, line.heading, line.centred) for line in source.lines
    ] == [
        ("一、2024年工作回顾", 1, (), 1, True),
        ("总体要求", 2, ((0, 4),), 1, False),
        ("稳增长", 3, (), 2, False),
        ("农业稳定。粮食总产癆—𠮷“关1万吨", 4, ((0, 5),), 0, False),
        ("第二行 -。", 4, (), 0, False),
        ("（一）产业发展", 5, (), 2, False),
        ("项目建设", 6, (), 0, False),
        ("见专栏", 7, (), 0, False),
        ("专栏", 8, (), 0, False),
        ("框中文字", 9, (), 0, False),
        ("石门乡人民代表大会文件", 10, (), 0, False),
        ("索引号", 11, (), 0, False),
        ("001", 12, (), 0, False),
        ("☑主动公开□依申请公开✓≥合格", 13, (), 0, False),
    ]


def test_an_rtf_paragraph_s_outline_level_may_come_from_its_style() -> None:
    """A paragraph that gives no outline level of its own takes its style's, or that of the
    style it is based on (\\sbasedon): a template's own title style based on heading 1 heads a
    part, and a paragraph's own body-text level (9) is none."""
    source = (
        "{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 SimSun;}}"
        "{\\stylesheet{\\s0 Normal;}{\\s1\\outlinelevel0\\sbasedon0 heading 1;}"
        f"{{\\s20\\sbasedon1 {gbk('报告标题')};}}{{\\s21\\sbasedon20 {gbk('报告标题二')};}}}}"
        f"\\pard\\s21 {gbk('工作回顾')}\\par \\pard\\s1\\outlinelevel9 {gbk('不是标题')}\\par "
        f"\\pard\\s0 {gbk('正文。')}\\par }}"
    )
    assert [(line.text, line.heading) for line in read(source.encode(), "a.rtf").lines] == [
        ("工作回顾", 1),
        ("不是标题", 0),
        ("正文。", 0),
    ]


def test_an_rtf_file_of_libreoffice_s_dialect_is_read() -> None:
    """LibreOffice writes Chinese text as Unicode with GBK's bytes to skip (\\uc2), a font's
    name in its own code page, and bold and the font of Chinese text after \\dbch (\\ab,
    \\af), right-to-left text's after \\rtlch, and a tab after each list number it writes out
    whatever the list says follows it (here nothing, and a space): the same lines as Word's
    file gives."""
    heiti = "".join(f"\\'{b:02x}" for b in "黑体".encode("cp932"))
    source = (
        "{\\rtf1\\ansi\\deff4\\adeflang1025{\\fonttbl{\\f4\\froman\\fprq2\\fcharset0 Cambria;}"
        f"{{\\f16\\fnil\\fprq2\\fcharset128 {heiti};}}}}"
        "{\\stylesheet{\\s0\\snext0 Normal;}}"
        "{\\*\\listtable{\\list\\listtemplateid1{\\listlevel\\levelnfc39\\levelfollow2"
        "{\\leveltext \\'02\\'00\\u12289 ?;}{\\levelnumbers\\'01;}}{\\listlevel\\levelfollow1"
        "{\\leveltext \\'02\\'01.;}{\\levelnumbers\\'01;}}{\\listname ;}\\listid7}}"
        "{\\*\\listoverridetable{\\listoverride\\listid7\\listoverridecount0\\ls3}}"
        "\\pard\\plain \\s0\\qc{\\hich\\af16\\loch\\f16\\dbch\\afs32\\af16\\dbch "
        "\\uc2 \\u19968\\'d2\\'bb\\u12289\\'a1\\'a2\\u24037\\'b9\\'a4"
        "\\u20316\\'d7\\'f7\\uc1 }\\par "
        "\\pard\\plain \\s0{\\dbch\\ab\\af16\\dbch \\u20892\\'3f\\u19994\\'3f\\u12290\\'3f}"
        "{\\rtlch\\ab\\af4 \\ltrch\\dbch\\af16 \\u20892\\'3f}\\par "
        "{\\listtext\\pard\\plain \\u20108\\'3f\\u12289\\'3f\\tab}\\ilvl0\\ls3 "
        "\\u20135\\'3f\\u19994\\'3f\\par "
        "{\\listtext\\pard\\plain 1.\\tab}\\ilvl1\\ls3 \\u20135\\'3f\\par "
        "{\\listtext\\pard\\plain 2.\\tab}\\pard\\plain \\u20135\\'3f\\par}"
    )
    assert [
        (line.text, line.bold, line.heading, line.centred)
        for line in read(source.encode("ascii"), "x.rtf").lines
    ] == [
        ("一、工作", (), 1, True),
        ("农业。农", ((0, 3),), 0, False),
        ("二、产业", (), 0, False),
        ("1. 产", (), 0, False),
        ("2. 产", (), 0, False),
    ]


_PIECES = st.sampled_from(
    [
        "{", "}", "\\par ", "\\cell ", "\\row ", "\\line ", "\\tab ", "\\b ", "\\b0 ", "\\f1 ",
        "\\f2 ", "\\dbch\\af1 ", "\\ab ", "\\plain ", "\\pard ", "\\qc ", "\\s1 ", "\\*",
        "\\u20013 ", "\\u-10174 ", "\\u-8265 ", "\\u99999 ", "\\uc0 ", "\\uc3 ", "\\'d6",
        "\\'d0", "\\'a1", "B", "一", "\\bin2 ", "\\bin-1 ", "{\\fonttbl{\\f1\\fcharset134 x;}",
        "{\\f2\\fcharset2 Wingdings 2;}}", "{\\stylesheet{\\s1 heading 1;}}", "{\\listtext ",
        "{\\pntext ", "{\\shp{\\*\\shpinst ", "{\\shptxt ", "{\\sp{\\sn gtextUNICODE}",
        "{\\sv ", "\\shprslt ", "{\\upr ", "{\\*\\ud ", "\\v ", "\\deleted ", "\\~", "\\_",
        "\\-", "\\\\", "\\{", "\\}", "\\\n", "\\'", "\\", "\\ansicpg936 ", "\\ansicpg99999 ",
        "\\cpg0 ", "\\fcharset255 ", "\\deff2 ", "\\header ", "\\field{\\fldrslt ",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=80).map(lambda pieces: "{\\rtf1 " + "".join(pieces)))
def test_rtf_never_crashes(source: str) -> None:
    try:
        read(source.encode("utf-8"), "x.rtf")
    except SourceError as error:
        assert error.code in ("import-no-text", "import-bad-rtf")
