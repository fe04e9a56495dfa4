from . import (
    relance_letter_report,
)
