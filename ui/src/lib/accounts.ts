// Accounts as the screens reach them: the list searched by text (the same query the Accounts screen and the
// quote's account picker run), and the input an edit starts from.

import { api, type Account, type AccountInput, type AccountRow, type Page } from "./api";

/** The first window of accounts whose name, contact person or phone contains `text`, in pinyin order. */
export function accountsContaining(text: string, limit = 0): Promise<Page<AccountRow>> {
  return api.accountList({
    filter: {
      text,
      owner_id: null,
      industry: "",
      lifecycle: null,
      value_class: null,
      active_from: "",
      active_to: "",
    },
    sort: "name",
    dir: "asc",
    offset: 0,
    limit,
  });
}

/** What an edit of `account` starts from: every typed field as stored (a new account: all empty). */
export function accountInput(account: Account | null): AccountInput {
  return {
    name: account?.name ?? "",
    contact_person: account?.contact_person ?? "",
    phone: account?.phone ?? "",
    email: account?.email ?? "",
    address: account?.address ?? "",
    tax_id: account?.tax_id ?? "",
    industry: account?.industry ?? "",
    size_class: account?.size_class ?? null,
    region: account?.region ?? "",
    source: account?.source ?? null,
    lifecycle: account?.lifecycle ?? "prospect",
    value_class: account?.value_class ?? null,
    tags: account?.tags ?? [],
    notes: account?.notes ?? "",
    invoice_title: account?.invoice_title ?? "",
    invoice_bank: account?.invoice_bank ?? "",
    invoice_account: account?.invoice_account ?? "",
    invoice_address: account?.invoice_address ?? "",
    invoice_phone: account?.invoice_phone ?? "",
    invoice_type: account?.invoice_type ?? null,
  };
}
