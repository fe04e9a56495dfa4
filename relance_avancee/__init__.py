from . import controllers, models, reports, tools, wizard


def post_init_hook(env):
    """Installed with demo data: build the demo companies' book of receivables.
    Installed on a book already running: store its customers' credit exposure and
    reliability scores. Either way, make each company's first Collections manager its
    collections responsible.

    The generator is plain Python under ``demo/``, imported only here and by the
    scripts: a production database never loads it."""
    module = env["ir.module.module"].search([("name", "=", "relance_avancee")])
    if module.demo:
        from .demo.generator import DemoGenerator

        DemoGenerator(env).load_demo()
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
    # Someone receives the collections work from the start: each company's first
    # Collections manager (whoever installs the addon is one) until changed.
    for company in env["res.company"].search([("relance_user_id", "=", False)]):
        responsible = company._relance_named_responsible()
        if responsible:
            company.relance_user_id = responsible


def uninstall_hook(env):
    """Drop what Odoo does not know to drop: the as-of readings' indexes are on
    tables of the account module (``models/aged_balance/account_move_line.py``,
    ``models/aged_balance/account_partial_reconcile.py``)."""
    from odoo.tools import SQL

    from .models.aged_balance.account_move_line import OPEN_ITEMS_INDEX
    from .models.aged_balance.account_partial_reconcile import MAX_DATE_INDEX

    for index in (OPEN_ITEMS_INDEX, MAX_DATE_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
