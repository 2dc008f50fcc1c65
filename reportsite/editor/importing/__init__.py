"""`build.py import`: a report as it reaches the editor (Word file, saved web page, pasted text) →
content YAML. Each module does one job, in the order they run (recognise.py): sources, word (with
numbering and symbols), word97 (with word97properties, word97symbols, word97lists,
word97formatting, word97art), wordxml, opendocument (with officexml), page (bytes → located lines),
chrome (page furniture dropped), disclosure (the metadata block), front (the title block),
structure (headings, leads, paragraphs), shape (the model's parts), emit (YAML text); command and
summary (the command line), score (how an import compares with a labelled case)."""
