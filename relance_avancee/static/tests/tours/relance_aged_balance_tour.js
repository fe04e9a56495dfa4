/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// An accountant (in French) opens Invoicing > Collections > Reporting > Aged Balance,
// shows it at today's date, looks at the pivot, then at the list grouped by customer
// with a customer's row open.
registry.category("web_tour.tours").add("relance_avancee_aged_balance_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open the Collections menu",
            trigger: 'button[data-menu-xmlid="relance_avancee.menu_relance_root"]',
            run: "click",
        },
        {
            content: "Open the aged balance",
            trigger: 'a[data-menu-xmlid="relance_avancee.menu_relance_aged_balance"]',
            run: "click",
        },
        {
            content: "The report asks for a date, today by default",
            trigger: ".modal .o_field_widget[name=date] input",
        },
        {
            content: "Show it",
            trigger: ".modal button[name=action_show]",
            run: "click",
        },
        {
            content: "The rows are grouped by customer, with the customer's total",
            trigger: ".o_list_view .o_group_header:contains('Menuiserie Dupont SARL'):contains('2 300,00')",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the customers' buckets",
            trigger: ".o_pivot td.o_pivot_cell_value:contains('1 500,00')",
        },
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer's group",
            trigger: ".o_list_view .o_group_header:contains('Menuiserie Dupont SARL')",
            run: "click",
        },
        {
            content: "Its row: 1,500.00 in 61-90 days, a button to its open items",
            trigger: ".o_data_row:contains('1 500,00') button[name=action_open_items]",
        },
        {
            content: "The columns bear the company's ranges, in French",
            trigger: ".o_list_view th:contains('61 à 90 jours')",
        },
        {
            content: "Show the graph by range",
            trigger: ".o_list_view button[name=action_show_graph]:contains('Graphique par tranche')",
            run: "click",
        },
        {
            content: "The graph stacks each customer's ranges, titled in French",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        {
            content: "Its title dates the balance as a French reader writes dates",
            trigger: ".o_breadcrumb:contains('Balance âgée au'):not(:contains('-'))",
        },
    ],
});
