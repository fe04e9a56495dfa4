# The mixins first: Odoo builds the models in import order, and the models below
# inherit from them.
from . import relance_checked_mixin, relance_group_currency_mixin

# isort: split
from . import (
    account_move,
    account_move_line,
    account_move_penalty,
    account_move_penalty_invoice,
    ir_actions_report,
    mail_mail,
    relance_communication,
    relance_communication_channels,
    relance_communication_delivery,
    relance_communication_email,
    relance_communication_letter,
    relance_communication_line,
    relance_communication_retry,
    relance_communication_sending,
    relance_dashboard_card,
    relance_dispute,
    relance_level,
    relance_line_state,
    relance_policy,
    relance_promise,
    relance_rate,
    relance_rate_missing,
    relance_run,
    relance_run_lock,
    relance_run_read,
    relance_run_scheduled,
    relance_run_write,
    relance_worklist,
    res_company,
    res_partner,
    res_partner_bank,
    res_partner_standing,
)
