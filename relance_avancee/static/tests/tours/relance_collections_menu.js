/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Collections user opens Invoicing > Collections > Receivables to collect.
registry.category("web_tour.tours").add("relance_avancee_collections_menu", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open the Collections menu",
            trigger: 'button[data-menu-xmlid="relance_avancee.menu_relance_root"]',
            run: "click",
        },
        {
            content: "Open the receivables to collect",
            trigger: 'a[data-menu-xmlid="relance_avancee.menu_relance_receivable_lines"]',
            run: "click",
        },
        {
            content: "The list of receivables to collect is shown",
            trigger: '.o_breadcrumb:contains("Receivables to collect")',
        },
        {
            trigger: '.o_list_view th[data-name="days_late"]',
        },
    ],
});
