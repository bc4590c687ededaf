"""The only code that reproduces or overrides private parts of xlsxwriter 3.3: streamed
sheets (book), project-sheet charts from a template (chart), the zip packaging of parts
deflated while written (zip_package) and xlsxwriter's escaping rules (xml_escape).

The sheet writers in the folder above use only the public surface named in README.md here.
"""
