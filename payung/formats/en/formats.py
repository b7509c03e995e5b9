# Dates read "23 November 2026" in both languages.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"  # one date style everywhere (issue 17)
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j F Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
