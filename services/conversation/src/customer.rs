//! Merging a `CustomerIdentified` into the known customer. The front end learns about a
//! customer in pieces (a name at login, the plan from billing), so an identification only
//! adds or changes what it names: empty identity fields leave the known ones alone, and
//! attributes merge key by key, an empty value removing its key.

use std::collections::BTreeMap;

use baton_proto::attributes::MAX_PER_CUSTOMER;
use baton_proto::v1::Customer;

use crate::apply::Rejected;

/// Merges `update` into `known`; `known` is unchanged when the result would break a rule.
/// Keys and values were checked when the event was decoded; only the total depends on
/// what is already known.
pub fn merge(known: &mut Customer, update: &Customer) -> Result<(), Rejected> {
    let attributes = merged_attributes(&known.attributes, &update.attributes)?;
    let fields = [
        (&mut known.name, &update.name),
        (&mut known.email, &update.email),
        (&mut known.external_id, &update.external_id),
        (&mut known.locale, &update.locale),
    ];
    for (known, new) in fields {
        if !new.is_empty() {
            known.clone_from(new);
        }
    }
    known.attributes = attributes;
    Ok(())
}

fn merged_attributes(
    known: &BTreeMap<String, String>,
    update: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Rejected> {
    let mut merged = known.clone();
    for (key, value) in update {
        if value.is_empty() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    if merged.len() > MAX_PER_CUSTOMER {
        return Err(Rejected(format!(
            "the customer would have {} attributes; at most {MAX_PER_CUSTOMER} are allowed \
             (an empty value removes an attribute)",
            merged.len()
        )));
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<K: Into<String>, V: Into<String>>(
        attributes: impl IntoIterator<Item = (K, V)>,
    ) -> Customer {
        Customer {
            attributes: attributes
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            ..Customer::default()
        }
    }

    /// `count` attributes `k<from>`, `k<from + 1>`, …
    fn numbered(from: usize, count: usize) -> Customer {
        with((from..from + count).map(|i| (format!("k{i}"), "v")))
    }

    #[test]
    fn attributes_merge_key_by_key() {
        let mut known = with([("plan", "free"), ("country", "DE")]);
        merge(&mut known, &with([("plan", "enterprise"), ("vip", "true")])).expect("merge");
        assert_eq!(
            known,
            with([("country", "DE"), ("plan", "enterprise"), ("vip", "true")])
        );
    }

    #[test]
    fn an_empty_value_removes_its_key() {
        let mut known = with([("plan", "free"), ("vip", "true")]);
        merge(&mut known, &with([("vip", ""), ("never_set", "")])).expect("merge");
        assert_eq!(known, with([("plan", "free")]));
    }

    #[test]
    fn identity_fields_and_attributes_merge_in_one_identification() {
        let mut known = Customer {
            name: "Ana".into(),
            ..with([("plan", "free")])
        };
        let update = Customer {
            email: "ana@example.com".into(),
            ..with([("plan", "pro")])
        };
        merge(&mut known, &update).expect("merge");
        assert_eq!(
            (known.name.as_str(), known.email.as_str()),
            ("Ana", "ana@example.com")
        );
        assert_eq!(known.attributes["plan"], "pro");
    }

    #[test]
    fn at_most_64_attributes_after_the_merge() {
        let mut known = numbered(0, 60);
        let full = numbered(60, MAX_PER_CUSTOMER - 60);
        merge(&mut known, &full).expect("exactly the limit is fine");
        assert_eq!(known.attributes.len(), MAX_PER_CUSTOMER);

        let before = known.clone();
        let Err(Rejected(reason)) = merge(&mut known, &with([("one_more", "x")])) else {
            panic!("the 65th attribute must be rejected");
        };
        assert!(reason.contains("65 attributes; at most 64"), "{reason}");
        assert_eq!(known, before, "a rejected merge changes nothing");
    }

    #[test]
    fn removals_count_before_the_limit() {
        let mut known = numbered(0, MAX_PER_CUSTOMER);
        merge(&mut known, &with([("k0", ""), ("replacement", "x")]))
            .expect("one out, one in stays at the limit");
        assert!(!known.attributes.contains_key("k0"));
        assert!(known.attributes.contains_key("replacement"));
    }
}
