//! Conditions on a write: the store decides them atomically with the write.

use serde_json::Value;

use super::item::{EXPIRES_AT, Item, VERSION};

/// A condition on the current state of the item a write targets.
///
/// The meaning is DynamoDB's: a comparison on a missing item or attribute is false.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The item exists.
    Exists,
    /// No item has this key.
    NotExists,
    /// The item exists and its attribute equals the value.
    Equals(String, Value),
    /// The item exists and its numeric attribute is less than the value.
    LessThan(String, i64),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
}

impl Condition {
    /// The item is at `version` (optimistic concurrency).
    pub fn version_is(version: u64) -> Self {
        Self::Equals(VERSION.to_owned(), version.into())
    }

    /// The key is free at `now`: no item, or one whose expiry has passed (a lapsed hold).
    pub fn free_at(now: i64) -> Self {
        Self::Any(vec![Self::NotExists, Self::expired_before(now)])
    }

    /// The item's `expires_at` is before `now` (epoch seconds).
    pub fn expired_before(now: i64) -> Self {
        Self::LessThan(EXPIRES_AT.to_owned(), now)
    }

    /// Whether the condition holds for `current` (the item now stored under the key).
    pub fn holds_for(&self, current: Option<&Item>) -> bool {
        match self {
            Self::Exists => current.is_some(),
            Self::NotExists => current.is_none(),
            Self::Equals(name, value) => current
                .and_then(|item| item.get(name))
                .is_some_and(|v| same_value(v, value)),
            Self::LessThan(name, bound) => current
                .and_then(|item| item.get(name))
                .and_then(Value::as_i64)
                .is_some_and(|value| value < *bound),
            Self::All(all) => all.iter().all(|c| c.holds_for(current)),
            Self::Any(any) => any.iter().any(|c| c.holds_for(current)),
        }
    }
}

/// Equality as DynamoDB sees it: numbers compare by value, whatever their JSON spelling.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Key;

    fn item() -> Item {
        Item::new(Key {
            pk: "P".into(),
            sk: "S".into(),
        })
    }

    #[test]
    fn comparisons_on_a_missing_item_are_false() {
        assert!(!Condition::version_is(1).holds_for(None));
        assert!(!Condition::expired_before(10).holds_for(None));
        assert!(!Condition::LessThan("claimed_at".into(), 10).holds_for(Some(&item())));
        assert!(Condition::LessThan("claimed_at".into(), 10).holds_for(Some(&item().with("claimed_at", 9))));
        assert!(Condition::NotExists.holds_for(None));
        assert!(!Condition::Exists.holds_for(None));
    }

    #[test]
    fn a_key_is_free_when_empty_or_its_hold_lapsed() {
        let now = 1_000;
        assert!(Condition::free_at(now).holds_for(None));
        assert!(Condition::free_at(now).holds_for(Some(&item().with_expiry(999))));
        assert!(!Condition::free_at(now).holds_for(Some(&item().with_expiry(1_000))));
        assert!(!Condition::free_at(now).holds_for(Some(&item())));
    }

    #[test]
    fn versions_compare_by_value() {
        let stored = item().with(VERSION, 2u64);
        assert!(Condition::version_is(2).holds_for(Some(&stored)));
        assert!(!Condition::version_is(3).holds_for(Some(&stored)));
        assert!(Condition::All(vec![Condition::Exists, Condition::version_is(2)]).holds_for(Some(&stored)));
    }
}
