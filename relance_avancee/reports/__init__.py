from . import relance_letter_report, relance_statement_report
