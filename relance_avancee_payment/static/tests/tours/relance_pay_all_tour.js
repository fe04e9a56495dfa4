/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer follows the "Pay ... online" button of a reminder email: the page lists
// the reminded invoices and Odoo's payment form for their total; paid with the demo
// provider, the customer comes back to the page, which has nothing left to pay.
registry.category("web_tour.tours").add("relance_avancee_pay_all_tour", {
    steps: () => [
        {
            content: "The reminded invoices are listed",
            trigger: ".o_relance_pay_page .o_relance_pay_invoices tbody tr:nth-child(2)",
        },
        {
            content: "Pay with the demo provider",
            trigger: '.o_relance_pay_page input[name="o_payment_radio"][data-payment-method-code="demo"]',
            run: "click",
        },
        {
            content: "Card number (test data)",
            trigger: '.o_relance_pay_page input[name="customer_input"]',
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: '.o_relance_pay_page button[name="o_payment_submit_button"]:visible:not(:disabled)',
            run: "click",
        },
        {
            content: "Back on the reminder's page: everything is paid",
            trigger: ".o_relance_pay_page .o_relance_nothing_to_pay",
            timeout: 20000,
        },
    ],
});
