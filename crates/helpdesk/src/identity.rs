//! How a helpdesk knows a tenant's customer. One helpdesk account (an Intercom workspace,
//! a Sunshine app) may serve several tenants, and their ids overlap — "42" at two
//! companies is two people — so in a shared account the tenant's id goes in front. In an
//! account that is the tenant's own, its ids stay as they are: the same user its Messenger
//! or web widget already knows.

use baton_proto::v1::HandoffPackage;

/// Whose helpdesk account a delivery goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// The tenant's own: its customer ids mean what they say there.
    Own,
    /// Shared with other tenants (the deployment's default credentials).
    Shared,
}

impl Account {
    /// The account of `tenant` when the deployment's default account belongs to
    /// `default_owner` (unset: shared by every tenant).
    pub fn of(tenant: &str, default_owner: Option<&str>) -> Self {
        if default_owner == Some(tenant) {
            Account::Own
        } else {
            Account::Shared
        }
    }
}

/// The external id `tenant`'s customer `id` has in `account`: `id` in the tenant's own,
/// `<tenant>:<id>` in a shared one (`:` is outside the id alphabet, so two tenants' ids
/// never meet).
pub fn customer_external_id(tenant: &str, id: &str, account: Account) -> String {
    match account {
        Account::Own => id.to_owned(),
        Account::Shared => format!("{tenant}:{id}"),
    }
}

/// The external id `package`'s customer has in `account`, when Baton knows one.
pub fn of_customer(package: &HandoffPackage, account: Account) -> Option<String> {
    let id = package
        .customer
        .as_ref()
        .map(|c| c.external_id.as_str())
        .filter(|id| !id.is_empty())?;
    Some(customer_external_id(&package.tenant_id, id, account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_id_at_two_tenants_is_two_customers_in_a_shared_account() {
        let a = customer_external_id("a-b", "c", Account::Shared);
        let b = customer_external_id("a", "b-c", Account::Shared);
        assert_ne!(a, b);
        assert_ne!(
            customer_external_id("acme", "42", Account::Shared),
            customer_external_id("globex", "42", Account::Shared)
        );
    }

    #[test]
    fn in_the_tenants_own_account_its_ids_stay_as_they_are() {
        assert_eq!(customer_external_id("acme", "42", Account::Own), "42");
        assert_eq!(Account::of("acme", Some("acme")), Account::Own);
        assert_eq!(Account::of("globex", Some("acme")), Account::Shared);
        assert_eq!(Account::of("acme", None), Account::Shared);
    }
}
