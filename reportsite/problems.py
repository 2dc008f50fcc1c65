"""Problems found in content: located, bilingual, collected rather than raised one by one.

A Problem keeps its data (where, what, which YAML path) apart from its text; `format_problem`
turns it into the compiler-style line editors and CI annotations understand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a content file; line and column count from 1, columns in characters."""

    file: str
    line: int = 1
    column: int = 1
    """A problem with the whole file points at its start; 0 for places that are no file."""

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    zh: str
    en: str
    fix_zh: str = ""
    fix_en: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    location: Location
    code: str
    """Key into MESSAGES; tests and tools match on it."""
    path: str = ""
    """The YAML path in the author's terms, e.g. review.sections[1].title.en."""
    args: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[Location, str, str]:
        return (self.location, self.code, self.path)


class ContentError(Exception):
    """The content cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(f"{len(self.problems)} problem(s)")

    def __reduce__(self) -> tuple[type[ContentError], tuple[tuple[Problem, ...]]]:
        # Raised in a render worker, it crosses back to the parent by pickling.
        return (ContentError, (self.problems,))


MESSAGES: dict[str, Message] = {
    # Reading the file
    "not-utf8": Message(
        zh="文件不是 UTF-8 编码（无法识别的字节 {byte}）",
        en="the file is not UTF-8 (undecodable byte {byte})",
        fix_zh="用 UTF-8 编码另存此文件",
        fix_en="save the file as UTF-8",
    ),
    "too-large": Message(
        zh="文件过大（{size} 字节，上限 {limit} 字节）",
        en="the file is too large ({size} bytes, limit {limit})",
        fix_zh="一个文件只放一份报告",
        fix_en="keep one report per file",
    ),
    "not-a-file": Message(
        zh="这不是普通文件（{kind}）",
        en="this is not a regular file ({kind})",
        fix_zh="内容文件必须是内容文件夹中的普通 .yaml 文件",
        fix_en="a content file must be a regular .yaml file inside the content folder",
    ),
    "missing-file": Message(
        zh="找不到文件",
        en="file not found",
        fix_zh="创建此文件，或用 --content 指定内容文件夹",
        fix_en="create it, or name the content folder with --content",
    ),
    "no-reports": Message(
        zh="内容文件夹中没有任何报告",
        en="the content folder holds no reports",
        fix_zh="在 reports/<系列>/<年度>.yaml 添加报告",
        fix_en="add a report as reports/<series>/<year>.yaml",
    ),
    "tab-indent": Message(
        zh="行首缩进使用了制表符（Tab）",
        en="a tab is used for indentation",
        fix_zh="YAML 只能用空格缩进，把 Tab 换成空格",
        fix_en="YAML indents with spaces only: replace the tab with spaces",
    ),
    "control-char": Message(
        zh="含有不可见的控制字符 {char}",
        en="contains the invisible control character {char}",
        fix_zh="删除该字符（常见于从 Word 粘贴的文本）",
        fix_en="delete it (it often comes with text pasted from Word)",
    ),
    "bidi-mark": Message(
        zh="含有改变文字显示方向的不可见字符 {char}",
        en="contains {char}, an invisible mark that changes the order text is shown in",
        fix_zh="删除该字符：有了它，页面显示的文字会与所写的不同",
        fix_en="delete it: with it, a page can show the words other than as written",
    ),
    "control-escape": Message(
        zh="含有用转义写出的不可见控制字符 {char}",
        en="holds the invisible control character {char}, written as an escape",
        fix_zh="删去写出它的转义（以 \\ 开头，如 \\x00、\\u200B）",
        fix_en="delete the escape that writes it (it starts with \\, as \\x00 or \\u200B do)",
    ),
    "yaml-syntax": Message(
        zh="YAML 语法错误：{detail_zh}",
        en="YAML syntax error: {detail}",
        fix_zh="检查这一行及上一行的缩进、冒号和引号",
        fix_en="check indentation, colons and quotes on this line and the one before",
    ),
    "alias": Message(
        zh="不支持 YAML 锚点与引用（& 和 *）",
        en="YAML anchors and aliases (& and *) are not supported",
        fix_zh="把被引用的内容直接写出来",
        fix_en="write the value out in full",
    ),
    "empty-file": Message(
        zh="文件是空的",
        en="the file is empty",
    ),
    # Structure
    "duplicate-key": Message(
        zh="键“{key}”重复（第 {first_line} 行已出现）",
        en="duplicate key '{key}' (first defined on line {first_line})",
        fix_zh="删去其中一个",
        fix_en="remove one of them",
    ),
    "unknown-key": Message(
        zh="未知的键“{key}”",
        en="unknown key '{key}'",
        fix_zh="{suggestion_zh}",
        fix_en="{suggestion_en}",
    ),
    "missing-key": Message(
        zh="缺少必填的键“{key}”",
        en="required key '{key}' is missing",
        fix_zh="添加 {key}: …",
        fix_en="add {key}: …",
    ),
    "expected-mapping": Message(
        zh="这里应是键值映射（key: value），实际是{got_zh}",
        en="expected a mapping (key: value), got {got_en}",
    ),
    "expected-list": Message(
        zh="这里应是列表（每项以“- ”开头），实际是{got_zh}",
        en="expected a list (items starting with '- '), got {got_en}",
    ),
    "expected-text": Message(
        zh="这里应是文字，但 YAML 把 {value} 读成了{got_zh}",
        en="expected text, but YAML reads {value} as {got_en}",
        fix_zh='加上引号："{raw}"',
        fix_en='put it in quotes: "{raw}"',
    ),
    "expected-bilingual": Message(
        zh="这里应是文字或 {{zh: …, en: …}}，实际是{got_zh}",
        en="expected text or {{zh: …, en: …}}, got {got_en}",
    ),
    "empty-text": Message(
        zh="文字不能为空",
        en="text must not be empty",
        fix_zh="填写内容，或删去此键",
        fix_en="write the text, or remove the key",
    ),
    "expected-integer": Message(
        zh="这里应是整数，实际是 {value}",
        en="expected a whole number, got {value}",
    ),
    "quoted-number": Message(
        zh="这里应是数字，不是带引号的文字 {value}",
        en="expected a number, not the quoted text {value}",
        fix_zh="去掉引号",
        fix_en="remove the quotes",
    ),
    "leading-zero": Message(
        zh="数字 {value} 以 0 开头，YAML 会把它当作八进制数 {octal}",
        en="the number {value} starts with 0, which YAML reads as the octal number {octal}",
        fix_zh="去掉开头的 0；若是编号等文字，请加引号",
        fix_en="drop the leading 0; if it is a code rather than a number, quote it",
    ),
    "sexagesimal": Message(
        zh="{value} 会被 YAML 读成六十进制数 {read}",
        en="YAML reads {value} as the base-60 number {read}",
        fix_zh='加上引号："{value}"',
        fix_en='put it in quotes: "{value}"',
    ),
    "expected-number": Message(
        zh="这里应是数字，实际是 {value}",
        en="expected a number, got {value}",
    ),
    "expected-boolean": Message(
        zh="这里应是 true 或 false，实际是 {value}",
        en="expected true or false, got {value}",
        fix_zh="写 true 或 false",
        fix_en="write true or false",
    ),
    "expected-date": Message(
        zh="这里应是日期 YYYY-MM-DD，实际是 {value}",
        en="expected a date as YYYY-MM-DD, got {value}",
        fix_zh="例如 2025-08-29",
        fix_en="for example 2025-08-29",
    ),
    "impossible-date": Message(
        zh="日期 {value} 不存在",
        en="the date {value} does not exist",
        fix_zh="核对年、月、日",
        fix_en="check the year, month and day",
    ),
    "expected-choice": Message(
        zh="应是 {choices} 之一，实际是 {value}",
        en="expected one of {choices}, got {value}",
    ),
    "not-slug": Message(
        zh="标识“{value}”只能含小写字母、数字和单个连字符",
        en="the id '{value}' may contain only lower-case letters, digits and single hyphens",
        fix_zh="例如 {suggestion}",
        fix_en="for example {suggestion}",
    ),
    "long-id": Message(
        zh="标识“{value}”过长（上限 {limit} 个字符）",
        en="the id '{value}' is too long (limit {limit} characters)",
        fix_zh="用几个简短的英文单词，以连字符连接",
        fix_en="use a few short words joined by hyphens",
    ),
    "year-range": Message(
        zh="年度 {value} 不在 {low}–{high} 之间",
        en="the year {value} is not between {low} and {high}",
    ),
    "base-path": Message(
        zh="base_path 必须以 / 开头并以 / 结尾，实际是 {value}",
        en="base_path must start and end with /, got {value}",
        fix_zh="例如 / 或 /xxgk/gzbg/",
        fix_en="for example / or /xxgk/gzbg/",
    ),
    "bad-domain": Message(
        zh="域名 {value} 无效",
        en="{value} is not a valid domain name",
        fix_zh="只写域名，例如 www.example.gov.cn（不要写 https://）",
        fix_en="write the bare domain, e.g. www.example.gov.cn (no https://)",
    ),
    "languages": Message(
        zh="languages 必须是 [zh, en]",
        en="languages must be [zh, en]",
    ),
    "reserved-id": Message(
        zh="系列标识“{value}”是保留字，网站自身的文件夹使用这个名称",
        en="the series id '{value}' is reserved: the site uses it for a folder of its own",
        fix_zh="换一个标识（保留字：{reserved_zh}）",
        fix_en="choose another id (reserved: {reserved_en})",
    ),
    # Report rules
    "unknown-series": Message(
        zh="系列“{value}”未在 site.yaml 中定义",
        en="series '{value}' is not defined in site.yaml",
        fix_zh="{suggestion_zh}",
        fix_en="{suggestion_en}",
    ),
    "duplicate-report": Message(
        zh="系列 {series} 的 {year} 年报告重复（另见 {other}）",
        en="a second report for series {series}, year {year} (see also {other})",
        fix_zh="每个系列每年只能有一份报告",
        fix_en="a series has one report a year",
    ),
    "duplicate-id": Message(
        zh="标识“{value}”重复（第 {first_line} 行已使用）",
        en="the id '{value}' is used twice (first on line {first_line})",
        fix_zh="每个标识必须唯一",
        fix_en="give each an id of its own",
    ),
    "typed-numbering": Message(
        zh="标题开头不要写编号“{numbering}”，编号按顺序自动生成",
        en="do not type the numbering '{numbering}'; it is generated from the order",
        fix_zh="删去“{numbering}”",
        fix_en="delete '{numbering}'",
    ),
    "lead-full-stop": Message(
        zh="引领句末尾不要写句号，生成时自动加上",
        en="leave out the full stop at the end of the lead phrase; it is added when rendered",
    ),
    "figure-not-in-text": Message(
        zh="正文中找不到数据“{quote}”",
        en="the figure '{quote}' does not appear in the Chinese text",
        fix_zh="核对 value、unit 与 approx（“余”）",
        fix_en="check value, unit and approx (余)",
    ),
    "figure-not-in-english": Message(
        zh="英文中找不到数值 {value}",
        en="the number {value} does not appear in the English text",
    ),
    "duplicate-figure-key": Message(
        zh="数据标识“{value}”在本报告中重复（第 {first_line} 行已使用）",
        en="the figure key '{value}' is used twice in this report (first on line {first_line})",
    ),
    "follows-unknown": Message(
        zh="{series} 的 {year} 年报告中没有工作任务“{value}”",
        en="the {year} report of {series} has no task '{value}'",
        fix_zh="{suggestion_zh}",
        fix_en="{suggestion_en}",
    ),
    "follows-no-report": Message(
        zh="找不到 {series} 的 {year} 年报告，无法核对 follows: {value}",
        en="no {year} report of {series} to check follows: {value} against",
    ),
    "follows-twice": Message(
        zh="工作任务“{value}”已由第 {first_line} 行的部分对应",
        en="task '{value}' is already followed by the section on line {first_line}",
    ),
    "file-name-year": Message(
        zh="文件名应为 {year}.yaml",
        en="the file should be named {year}.yaml",
    ),
    "halfwidth-punctuation": Message(
        zh="中文里有半角标点“{char}”",
        en="half-width punctuation '{char}' in Chinese text",
        fix_zh="改为全角“{full}”",
        fix_en="use the full-width '{full}'",
    ),
    "translation-same": Message(
        zh="英文与中文相同",
        en="the English is the same as the Chinese",
    ),
    "translation-has-chinese": Message(
        zh="英文译文中含有汉字",
        en="the English translation contains Chinese characters",
    ),
    "glossary": Message(
        zh="中文含术语“{term}”，英文未使用规范译法“{rendering}”",
        en="the Chinese uses '{term}' but the English lacks the agreed rendering '{rendering}'",
    ),
    "long-text": Message(
        zh="文字过长（{length} 个字符，上限 {limit}）",
        en="the text is too long ({length} characters, limit {limit})",
        fix_zh="分成几段",
        fix_en="split it into several paragraphs",
    ),
    "brackets": Message(
        zh="方括号“[”“]”不成对，或嵌套超过 {limit} 层",
        en="square brackets [ ] are unpaired or nested more than {limit} deep",
        fix_zh="链接写作 [文字](网址)；其他方括号请用全角“［］”或“【】”",
        fix_en="write a link as [text](address); write other brackets as full-width ［］ or 【】",
    ),
    "too-many": Message(
        zh="共 {count} 项，超过上限 {limit} 项（编号只到“九十九、”）",
        en="{count} entries, more than the limit of {limit} (numbering stops at 99)",
        fix_zh="合并相近的部分",
        fix_en="merge related entries",
    ),
    "unsafe-markup": Message(
        zh="不允许的标记：{what_zh}",
        en="markup not allowed: {what_en}",
        fix_zh="只可使用 Markdown 的粗体、斜体、链接和列表",
        fix_en="use only Markdown bold, italics, links and lists",
    ),
    # The build itself
    "unsafe-output": Message(
        zh="输出文件夹 {out} {relation_zh}，拒绝写入",
        en="refusing to write to {out}: it {relation_en}",
        fix_zh="用 --out 指定单独的输出文件夹，例如 site",
        fix_en="name a separate output folder with --out, e.g. site",
    ),
    "template": Message(
        zh="模板错误：{detail}",
        en="template error: {detail}",
    ),
    "search-missing": Message(
        zh="未安装搜索索引工具 Pagefind（扩展版）",
        en="the search indexer Pagefind (extended build) is not installed",
        fix_zh='运行 pip install "pagefind[extended]"，或加 --no-search 生成不带搜索的网站',
        fix_en='run pip install "pagefind[extended]", or add --no-search to build without search',
    ),
    "search-failed": Message(
        zh="生成搜索索引失败：{detail}",
        en="building the search index failed: {detail}",
        fix_zh="加 --no-search 可先生成不带搜索的网站",
        fix_en="--no-search builds the site without search meanwhile",
    ),
    # Preview (serve) and the MkDocs export
    "preview-port": Message(
        zh="无法在端口 {port} 上提供预览：{detail}",
        en="cannot serve the preview on port {port}: {detail}",
        fix_zh="该端口可能已被占用：用 --port 换一个，例如 --port 8001",
        fix_en="the port may be in use: choose another with --port, e.g. --port 8001",
    ),
    "preview-crashed": Message(
        zh="生成时出现意外错误：{detail}",
        en="the build failed unexpectedly: {detail}",
        fix_zh="终端中有详细信息，请连同内容文件一起报告给维护者",
        fix_en="the terminal shows the details: report them, with the content, to the maintainers",
    ),
    # The editor's year: placeholders of a new report, and the new command
    "placeholder": Message(
        zh="尚待填写：{text}",
        en="still to be filled in: {text}",
        fix_zh="填写实际内容后删去“【待填】”",
        fix_en="write the real content, then delete 【待填】",
    ),
    "new-exists": Message(
        zh="已有 {series} 的 {year} 年报告，不会覆盖",
        en="a {year} report of {series} already exists; it is not overwritten",
        fix_zh="直接编辑这个文件，或换一个年度",
        fix_en="edit that file, or choose another year",
    ),
    "editor-missing": Message(
        zh="未安装 {package}，{command} 命令需要它",
        en="{package} is not installed; the {command} command needs it",
        fix_zh='运行 pip install -e .，或 pip install "{package}"',
        fix_en='run pip install -e ., or pip install "{package}"',
    ),
    # Translation round trip
    "translate-format": Message(
        zh="不支持的文件类型 {suffix}",
        en="unsupported file type {suffix}",
        fix_zh="用 .xlf 或 .xliff（XLIFF 2）或 .xlsx（电子表格）",
        fix_en="use .xlf or .xliff (XLIFF 2) or .xlsx (a spreadsheet)",
    ),
    "translate-unreadable": Message(
        zh="无法读取：{detail}",
        en="cannot be read: {detail}",
        fix_zh="用翻译工具重新导出（保存）这个文件",
        fix_en="export (save) the file again from the translation tool",
    ),
    "translate-missing": Message(
        zh="找不到文件",
        en="file not found",
        fix_zh="核对文件名与所在文件夹",
        fix_en="check the file's name and folder",
    ),
    "translate-zip-bomb": Message(
        zh="电子表格解压后过大（{name}），拒绝读取",
        en="the spreadsheet unpacks to too much data ({name}); refused",
        fix_zh="用电子表格软件打开后另存为 .xlsx，或重新导出",
        fix_en="open it in a spreadsheet program and save it as .xlsx, or export it again",
    ),
    "translate-doctype": Message(
        zh="XLIFF 文件不能含 DOCTYPE 或 ENTITY 声明",
        en="an XLIFF file may not declare a DOCTYPE or an ENTITY",
        fix_zh="用翻译工具重新导出为 XLIFF 2.0",
        fix_en="export it again from the translation tool as XLIFF 2.0",
    ),
    "translate-not-xliff": Message(
        zh="这不是 XLIFF 2 文件",
        en="this is not an XLIFF 2 file",
        fix_zh="在翻译工具中导出为 XLIFF 2.0",
        fix_en="export it from the translation tool as XLIFF 2.0",
    ),
    "translate-language": Message(
        zh="译文语言是 {got}，而本站的译文语言是 {expected}",
        en="the target language is {got}, but this site translates into {expected}",
    ),
    "translate-no-original": Message(
        zh='<file id="{file}"> 缺少 original 属性，不知道写回哪个报告',
        en='<file id="{file}"> has no original attribute: which report it belongs to is unknown',
    ),
    "translate-columns": Message(
        zh="表头缺少列：{columns}",
        en="the heading row lacks the column(s): {columns}",
        fix_zh="保留导出时的表头",
        fix_en="keep the heading row as exported",
    ),
    "translate-sheet-unread": Message(
        zh="此工作表的表头没有 {column} 列，不是导出的译文表，未读取",
        en="the sheet's heading row has no {column} column: not a sheet of the export; not read",
        fix_zh="若此表中有译文，恢复导出时的表头",
        fix_en="if the sheet holds translations, give it back the heading row as exported",
    ),
    "translate-formula-error": Message(
        zh="{unit}：译文单元格是公式出错后的 {error}，不是译文，未导入",
        en="{unit}: the target cell holds {error}, a formula's error, not a translation; "
        "not imported",
        fix_zh="以 =、+、- 开头的译文，输入时前面加一个英文单引号 '，否则会被当作公式",
        fix_en="type a ' before a translation that starts with =, + or -, which is otherwise "
        "taken for a formula",
    ),
    "translate-bad-id": Message(
        zh="无法识别的 id“{unit}”",
        en="unrecognised id '{unit}'",
        fix_zh="保留导出时的 id",
        fix_en="keep the ids as exported",
    ),
    "translate-unknown-file": Message(
        zh="{unit}：内容文件夹中没有报告文件 {file}",
        en="{unit}: the content folder has no report file {file}",
        fix_zh="用 --content 指定导出时的内容文件夹",
        fix_en="name the content folder of the export with --content",
    ),
    "translate-unknown-path": Message(
        zh="{unit}：报告中已没有这段文字，未导入",
        en="{unit}: the report no longer has this text; not imported",
        fix_zh="重新导出，翻译现在的文字",
        fix_en="export again and translate the text as it is now",
    ),
    "translate-differ": Message(
        zh="{unit}：译文文件中这段文字有 {count} 条译文，不尽相同，均未导入",
        en="{unit}: the translation file holds {count} translations of this text, not all "
        "the same; none was imported",
        fix_zh="在译文文件中只保留一条，再导入",
        fix_en="keep one of them in the file and import it again",
    ),
    "translate-source-changed": Message(
        zh="{unit}：导出后中文已修改，未导入这条译文",
        en="{unit}: the Chinese changed since the export; this translation was not imported",
        fix_zh="重新导出，翻译修改后的中文",
        fix_en="export again and translate the changed Chinese",
    ),
    "translate-no-report": Message(
        zh="没有符合 {which} 的报告",
        en="no report matches {which}",
    ),
    # Report shapes of real reports (numbered parts, plain paragraphs, task sub-items)
    "task-empty": Message(
        zh="工作任务只有标题，没有正文",
        en="the task has a title but no text",
        fix_zh="添加 text: …（或 items: 列出分项）",
        fix_en="add text: … (or list its items: …)",
    ),
    # Import (build.py import)
    "import-missing": Message(zh="找不到来源文件", en="source file not found"),
    "import-not-file": Message(zh="来源不是普通文件", en="the source is not a regular file"),
    "import-unreadable": Message(
        zh="无法读取来源文件：{detail}", en="cannot read the source: {detail}"
    ),
    "import-empty": Message(zh="来源文件是空的", en="the source is empty"),
    "import-no-text": Message(
        zh="来源中没有可导入的文字（只有脚本、样式或空白）",
        en="the source holds no text to import (only scripts, styles or blank space)",
    ),
    "import-too-large": Message(
        zh="来源文件过大（{size} 字节，上限 {limit} 字节）",
        en="the source is too large ({size} bytes, limit {limit})",
        fix_zh="一个文件只放一份报告；图片多的 Word 文件可另存为只含文字的文件",
        fix_en="one report per file; save a Word file heavy with pictures as text only",
    ),
    "import-too-many-lines": Message(
        zh="来源的行数超过 {limit}，不像一份报告",
        en="the source has more than {limit} lines: not one report",
    ),
    "import-not-text": Message(
        zh="来源不是可识别的文字（可能是二进制文件或编码损坏）",
        en="the source is not readable text (a binary file, or a broken encoding)",
        fix_zh="用 Word 另存为 .docx，或另存为 UTF-8 文本",
        fix_en="save it from Word as .docx, or as UTF-8 text",
    ),
    "import-not-docx": Message(
        zh="这不是有效的 Word（.docx）文件",
        en="this is not a valid Word (.docx) file",
        fix_zh="用 Word 打开后另存为 .docx",
        fix_en="open it in Word and save it as .docx",
    ),
    "import-bad-docx": Message(
        zh="Word 文件已损坏，无法读取（{detail}）",
        en="the Word file is damaged and cannot be read ({detail})",
        fix_zh="用 Word 打开后另存为 .docx",
        fix_en="open it in Word and save it as .docx",
    ),
    "import-chunk": Message(
        zh="Word 文件中嵌入的 {name} 无法读取（{detail}）",
        en="the {name} embedded in the Word file cannot be read ({detail})",
        fix_zh="用 Word 打开后另存为 .docx（Word 会把它转为正文）",
        fix_en="open it in Word and save it as .docx (Word makes it part of the text)",
    ),
    "import-zip-bomb": Message(
        zh="文件解压后过大（{name}），拒绝读取",
        en="the file unpacks to too much data ({name}); refused",
        fix_zh="用 Word 或 WPS 打开后另存为 .docx",
        fix_en="open it in Word or WPS and save it as .docx",
    ),
    "import-old-word": Message(
        zh="这是 Word 95 或更早版本的文件",
        en="this is a file of Word 95 or earlier",
        fix_zh="用 Word 或 WPS 打开后另存为 .docx",
        fix_en="open it in Word or WPS and save it as .docx",
    ),
    "import-not-doc": Message(
        zh="这不是可以读取的 Word 文件（可能是 Excel、PowerPoint 或其他程序的文件）",
        en="this is no Word document that can be read (an Excel, PowerPoint or other file?)",
        fix_zh="用制作它的程序打开后另存为 .docx",
        fix_en="open it in the program that made it and save it as .docx",
    ),
    "import-bad-doc": Message(
        zh="Word（.doc）文件已损坏，无法读取（{detail}）",
        en="the Word (.doc) file is damaged and cannot be read ({detail})",
        fix_zh="用 Word 或 WPS 打开后另存为 .docx",
        fix_en="open it in Word or WPS and save it as .docx",
    ),
    "import-bad-wordml": Message(
        zh="Word XML 文件已损坏，无法读取（{detail}）",
        en="the Word XML file is damaged and cannot be read ({detail})",
        fix_zh="用 Word 或 WPS 打开后另存为 .docx",
        fix_en="open it in Word or WPS and save it as .docx",
    ),
    "import-bad-odt": Message(
        zh="OpenDocument（.odt）文件已损坏，无法读取（{detail}）",
        en="the OpenDocument (.odt) file is damaged and cannot be read ({detail})",
        fix_zh="用 LibreOffice、WPS 或 Word 打开后另存为 .docx",
        fix_en="open it in LibreOffice, WPS or Word and save it as .docx",
    ),
    "import-doc-password": Message(
        zh="这个 Word 文件设有打开密码",
        en="this Word file is protected by a password",
        fix_zh="在 Word 或 WPS 中取消密码后另存为 .docx",
        fix_en="remove the password in Word or WPS and save it as .docx",
    ),
    "import-bad-rtf": Message(
        zh="RTF 文件已损坏，无法读取（{detail}）",
        en="the RTF file is damaged and cannot be read ({detail})",
        fix_zh="用 Word 或 WPS 打开后另存为 .docx",
        fix_en="open it in Word or WPS and save it as .docx",
    ),
    "import-bad-pdf": Message(
        zh="PDF 文件已损坏，无法读取（{detail}）",
        en="the PDF file is damaged and cannot be read ({detail})",
        fix_zh="改用同一报告的 Word 文件或网页，或重新下载该 PDF",
        fix_en="import the report's Word file or web page instead, or download the PDF again",
    ),
    "import-pdf-password": Message(
        zh="PDF 文件设有打开密码",
        en="the PDF file has a password to open it",
        fix_zh="在 PDF 阅读器中输入密码后另存一份不设密码的 PDF，或改用同一报告的 Word 文件",
        fix_en="open it in a PDF reader with its password and save a copy without one, or "
        "import the report's Word file instead",
    ),
    "import-too-many-pages": Message(
        zh="{kind} 文件有 {pages} 页，超过 {limit} 页",
        en="the {kind} file has {pages} pages, more than {limit}",
        fix_zh="只导入报告所在的页：在阅读器中把这些页另存为一个 {kind} 文件",
        fix_en="import the report's pages alone, saved from the {kind} file as a file of their own",
    ),
    "import-scanned": Message(
        zh="{kind} 文件中没有文字（多为扫描件，只有页面图像）",
        en="the {kind} file holds no text (a scan, most likely: pictures of its pages)",
        fix_zh="改用同一报告的 Word 文件或网页；扫描件需先经文字识别（OCR）",
        fix_en="import the report's Word file or web page instead; a scan needs text "
        "recognition (OCR) first",
    ),
    "import-pdf-unmapped": Message(
        zh="PDF 文件第 {page} 页的字体未说明所绘为何字，文字无法读取",
        en="the fonts on page {page} of the PDF file do not say which characters they draw: "
        "its text cannot be read",
        fix_zh="改用同一报告的 Word 文件或网页",
        fix_en="import the report's Word file or web page instead",
    ),
    "import-bad-ofd": Message(
        zh="OFD 文件已损坏，无法读取（{detail}）",
        en="the OFD file is damaged and cannot be read ({detail})",
        fix_zh="改用同一报告的 Word 文件、PDF 或网页，或重新下载该 OFD 文件",
        fix_en="import the report's Word file, PDF or web page instead, or download the OFD "
        "file again",
    ),
    "import-bad-html": Message(
        zh="网页无法解析：{detail}", en="the web page cannot be parsed: {detail}"
    ),
    "import-exists": Message(
        zh="输出文件已存在，未覆盖",
        en="the output file exists and was not replaced",
        fix_zh="加 --force 覆盖，或换一个 --out",
        fix_en="add --force to replace it, or choose another --out",
    ),
    "import-out-folder": Message(
        zh="--out 是一个文件夹；请给出要写入的 YAML 文件",
        en="--out is a folder; name the YAML file to write",
        fix_zh="例如 --out content/reports/<系列>/<年度>.yaml",
        fix_en="for example --out content/reports/<series>/<year>.yaml",
    ),
    "unwritable": Message(
        zh="无法写入输出文件：{detail}",
        en="cannot write the output file: {detail}",
        fix_zh="检查磁盘空间，以及其所在文件夹能否写入",
        fix_en="check the free disk space, and that its folder can be written to",
    ),
    "import-bad-series": Message(
        zh="系列标识“{value}”只能含小写字母、数字和单个连字符",
        en="the series id '{value}' may contain only lower-case letters, digits and single hyphens",
    ),
    "missing-value": Message(
        zh="必填项“{key}”尚未填写",
        en="the required field '{key}' is not filled in yet",
        fix_zh="把 null 换成内容（导入的原文没有这一项时即写作 null）",
        fix_en="replace null with the value (an import writes null where its source lacked it)",
    ),
    # -- builds that share an output folder, and interrupted builds -------------------------
    "output-locked": Message(
        zh="另一个生成正在写入 {out}（等待了 {seconds} 秒）",
        en="another build is writing {out} (waited {seconds} s)",
        fix_zh="等它结束后再运行（同时只能有一个生成写同一个输出文件夹）",
        fix_en="run again when it has finished (one build at a time may write an output folder)",
    ),
    "changed-during-build": Message(
        zh="文件在读取过程中被改动或删除",
        en="the file was changed or removed while it was being read",
        fix_zh="保存完毕后再运行一次",
        fix_en="run the command again once it is saved",
    ),
    "interrupted": Message(
        zh="生成被中断，{out} 未改动",
        en="the build was interrupted; {out} was not changed",
    ),
    "cwd-gone": Message(
        zh="当前文件夹已不存在（已被删除或移走）",
        en="the current folder no longer exists (deleted or moved)",
        fix_zh="用 cd 进入项目文件夹后再运行",
        fix_en="cd into the project's folder and run the command again",
    ),
    "command-interrupted": Message(
        zh="已中断，命令没有做完：它写的每个文件要么完整写入，要么保持原样",
        en="interrupted before the command finished: each file it writes is written whole or "
        "left as it was",
    ),
    "interrupted-late": Message(
        zh="生成已完成后才中断：{out} 已是新生成的网站",
        en="the build was interrupted once it had finished: {out} is the new site",
    ),
    "disk-full": Message(
        zh="磁盘空间不足，或文件超出了大小限制（{detail}）",
        en="the disk is full, or a file is over the size limit ({detail})",
        fix_zh="腾出磁盘空间后再运行（新网站完成之前，旧网站一直保留）",
        fix_en="free disk space and run again (the old site is kept until the new one is complete)",
    ),
    "file-error": Message(
        zh="无法读取或写入文件（{detail}）",
        en="a file could not be read or written ({detail})",
        fix_zh="检查该文件及其所在文件夹的权限",
        fix_en="check the permissions of the file and of its folder",
    ),
    "cache-not-saved": Message(
        zh="网站已生成，但缓存未能保存（{detail}）：下次生成会重做更多工作",
        en="the site was built, but its cache could not be saved ({detail}): the next build"
        " will redo more of its work",
    ),
    "worker-ended": Message(
        zh="一个工作进程意外结束（退出码 {code}），{out} 未改动",
        en="a worker process ended unexpectedly (exit code {code}); {out} was not changed",
        fix_zh="退出码 -9 多是内存不足：用 --jobs 1 少开进程，或腾出内存后再运行",
        fix_en="exit code -9 is most often memory running out: run again with fewer processes"
        " (--jobs 1) or more free memory",
    ),
}


def unwritable(where: str, error: OSError) -> Problem:
    """The output an editor's command could not write (a full disk, a folder it may not
    write in), named as the editor gave it."""
    detail = error.strerror or str(error)
    return Problem(location=Location(where, 0, 0), code="unwritable", args={"detail": detail})


def format_problem(problem: Problem) -> str:
    """The text a person reads: FILE:LINE:COL: severity: path: 中文 / English, then the fix."""
    message = MESSAGES[problem.code]
    args = dict(problem.args)
    path = f"{problem.path}: " if problem.path else ""
    head = (
        f"{problem.location}: {SEVERITY_ZH[problem.severity]} {problem.severity}: {path}"
        f"{message.zh.format(**args)} / {message.en.format(**args)}"
    )
    fix_zh, fix_en = message.fix_zh.format(**args), message.fix_en.format(**args)
    if fix_zh or fix_en:
        head += f"\n    修改 fix: {fix_zh} / {fix_en}"
    return head


def format_summary(problems: Iterable[Problem], *, out: str | None) -> str:
    """The closing line: how many problems, and that the previous site (out, as named to the
    editor) is intact."""
    problems = tuple(problems)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.location.file for p in problems})
    zh = f"共 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件"
    en = f"{errors} error(s), {warnings} warning(s) in {files} file(s)"
    if errors and out is not None:
        zh += f"；{out} 未改动"
        en += f"; {out} was not changed"
    return f"{zh}。 / {en}."
