# The ladder, the core: the policies and their levels, the daily run that reads the
# receivables and decides, the communications it writes and the sending step that
# carries them out, the worklist, disputes and promises. The mixins come first: the
# models below inherit from them.
from . import (
    relance_checked_mixin,
    relance_communication_sending,
    relance_customer_mixin,
    relance_group_currency_mixin,
    relance_invoice_holder,
    relance_partner_company_row,
)

# isort: split
from . import (
    account_move,
    account_move_line,
    ir_module_module,
    mail_mail,
    relance_communication,
    relance_communication_line,
    relance_dashboard_card,
    relance_dispute,
    relance_level,
    relance_line_state,
    relance_policy,
    relance_promise,
    relance_run,
    relance_run_lock,
    relance_worklist,
    res_company,
    res_partner,
    res_users,
)
