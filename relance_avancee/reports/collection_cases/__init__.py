from . import (
    relance_court_request_report,
)
