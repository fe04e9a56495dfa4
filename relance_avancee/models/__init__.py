from . import (
    account_move,
    account_move_line,
    ir_actions_report,
    relance_communication,
    relance_communication_line,
    relance_demo_data,
    relance_level,
    relance_policy,
    relance_run,
    res_company,
    res_partner,
)
