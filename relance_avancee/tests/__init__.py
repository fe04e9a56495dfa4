from . import (
    test_demo_data,
    test_relance_communication,
    test_relance_email_delivery,
    test_relance_letters,
    test_relance_penalties,
    test_relance_rate,
    test_relance_refusals,
    test_relance_run,
    test_relance_scheduler,
    test_relance_suspensions,
    test_security,
    test_tour,
)
