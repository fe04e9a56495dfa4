/** @odoo-module **/

import { patch } from "@web/core/utils/patch";
import { ListRenderer } from "@web/views/list/list_renderer";
import { formatMonetary } from "@web/views/fields/formatters";

// Monetary totals of a grouped list with their currency sign, when the currency is
// known: the models of relance.group.currency.mixin give it, for a currency field
// X, as a group's value of the integer field X_in_group (a currency id, or nothing
// when the group's rows are in several currencies). Other models are untouched.

function groupCurrencyKey(column, field) {
    const currencyField =
        (column.options && column.options.currency_field) || field.currency_field || "currency_id";
    return `${currencyField}_in_group`;
}

function knownCurrency(value) {
    return Number.isInteger(value) && value ? value : false;
}

patch(ListRenderer.prototype, {
    // A group's own line.
    formatAggregateValue(group, column) {
        const field = this.props.list.fields[column.name];
        if (field && field.type === "monetary" && column.name in group.aggregates) {
            const currencyId = knownCurrency(group.aggregates[groupCurrencyKey(column, field)]);
            if (currencyId) {
                return formatMonetary(group.aggregates[column.name], { currencyId });
            }
        }
        return super.formatAggregateValue(group, column);
    },

    // The list's footer, over its groups: the sign when all groups share a currency.
    get aggregates() {
        const aggregates = super.aggregates;
        const list = this.props.list;
        if (!list.isGrouped || (list.selection && list.selection.length)) {
            return aggregates;
        }
        for (const column of this.allColumns) {
            const field = column.type === "field" && this.fields[column.name];
            if (!field || field.type !== "monetary" || !column.attrs.sum) {
                continue;
            }
            if (!(column.name in aggregates)) {
                continue;
            }
            const key = groupCurrencyKey(column, field);
            const currencies = new Set(list.groups.map((g) => knownCurrency(g.aggregates[key])));
            const [currencyId] = currencies;
            if (currencies.size === 1 && currencyId) {
                const total = list.groups.reduce((sum, g) => sum + (g.aggregates[column.name] || 0), 0);
                aggregates[column.name] = {
                    ...aggregates[column.name],
                    value: formatMonetary(total, { currencyId }),
                };
            }
        }
        return aggregates;
    },
});
