"""The translation round trip: the texts of the reports out to a translator's tool (XLIFF 2
or a spreadsheet) and the translations back into the report files, for the site's second
language, whichever it is."""
