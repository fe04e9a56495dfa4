from . import (
    relance_collection_case_export,
    relance_collection_case_recover,
    relance_collection_case_withdraw,
    relance_collection_case_write_off,
    relance_procedure_option,
    relance_procedure_options,
    relance_run_preview,
)
