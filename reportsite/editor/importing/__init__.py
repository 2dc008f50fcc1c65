"""`build.py import`: a report as it reaches the editor (Word file, saved web page, pasted
text) → content YAML. Each module does one job: sources (bytes → located lines; Word files in word, pages in page), chrome
(page furniture dropped), disclosure (the metadata block), front (the title block), structure
(parts, sections, items), emit (YAML text), command (the command line)."""
