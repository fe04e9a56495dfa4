from . import controllers, models, reports, tools, wizard


def post_init_hook(env):
    """Installed with demo data: build the demo companies' book of receivables.
    Installed on a book already running: store its customers' credit exposure and
    reliability scores.

    The generator is plain Python under ``demo/``, imported only here and by the
    scripts: a production database never loads it."""
    module = env["ir.module.module"].search([("name", "=", "relance_avancee")])
    if module.demo:
        from .demo.generator import DemoGenerator

        DemoGenerator(env).load_demo()
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
