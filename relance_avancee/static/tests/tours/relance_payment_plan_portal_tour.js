/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer opens the payment plan proposed to it from the email's link, reads the
// schedule, signs with its name and the plan is accepted.
registry.category("web_tour.tours").add("relance_avancee_payment_plan_portal_tour", {
    steps: () => [
        {
            content: "The schedule of the plan is shown, three instalments",
            trigger: ".o_relance_portal_schedule tbody:has(tr:nth-child(3)):not(:has(tr:nth-child(4)))",
        },
        {
            content: "Accept and sign",
            trigger: "a.o_relance_plan_sign",
            run: "click",
        },
        {
            content: "The signature form is ready, the customer's name typed in",
            trigger: ".modal .o_portal_sign_submit:enabled",
        },
        {
            content: "Choose a handwriting style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "The fourth style",
            trigger: ".o-dropdown-item:eq(3)",
            run: "click",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The plan is accepted",
            trigger: "#relance_plan_content .alert-success:contains('the payment plan is accepted')",
        },
        {
            content: "Signed by the customer",
            trigger: "#relance_plan_content:contains('Accepted by Garage Durand SARL')",
        },
    ],
});
