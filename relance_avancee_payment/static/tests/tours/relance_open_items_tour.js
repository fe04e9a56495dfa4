/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer logged in to the portal goes from its home page to its open items: the
// invoices with their days late, a link to pay each, and the statement of account.
registry.category("web_tour.tours").add("relance_avancee_open_items_tour", {
    steps: () => [
        {
            content: "The portal's home offers the open items",
            trigger: "a[href='/my/open_items']",
            run: "click",
        },
        {
            content: "The late invoice shows its days late",
            trigger: ".o_relance_open_item .o_relance_days_late .text-danger",
        },
        {
            content: "Each open invoice can be paid online",
            trigger: ".o_relance_open_item .o_relance_pay_invoice",
        },
        {
            content: "The statement of account can be downloaded",
            trigger: ".o_relance_statement",
        },
    ],
});
