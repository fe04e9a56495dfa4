/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer follows the "Pay" link of a reminder email: the invoice opens on the
// portal with its payment dialog, the customer pays with Odoo's demo provider and
// comes back to the invoice, paid.
registry.category("web_tour.tours").add("relance_avancee_pay_reminder_tour", {
    steps: () => [
        {
            content: "The payment dialog is open on the invoice",
            trigger: "#pay_with .o_payment_form:visible",
        },
        {
            content: "Pay with the demo provider",
            trigger: '#pay_with input[name="o_payment_radio"][data-payment-method-code="demo"]',
            run: "click",
        },
        {
            content: "Card number (test data)",
            trigger: '#pay_with input[name="customer_input"]',
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: '#pay_with button[name="o_payment_submit_button"]:visible:not(:disabled)',
            run: "click",
        },
        {
            content: "Back on the invoice: paid, the payment's status shown",
            trigger: ".badge.text-bg-success:contains('Paid')",
            timeout: 20000,
        },
        {
            content: "The transaction is done",
            trigger: ".o_account_payment_tx_status .alert-success",
        },
    ],
});
