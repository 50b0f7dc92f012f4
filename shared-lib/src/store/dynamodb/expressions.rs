//! Conditions, updates and key conditions as DynamoDB expressions.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::Value;

use super::Attributes;
use crate::store::{Condition, PK, Query, SortKey, StoreError, Update};

/// One request's expressions, with the `#n0`/`:v0` placeholders they share: no attribute
/// name can then clash with a reserved word, and no value is spliced into an expression.
#[derive(Default)]
pub(super) struct Expressions {
    pub(super) condition: Option<String>,
    pub(super) update: Option<String>,
    pub(super) names: HashMap<String, String>,
    pub(super) values: Attributes,
}

impl Expressions {
    pub(super) fn render(condition: Option<&Condition>, update: Option<&Update>) -> Result<Self, StoreError> {
        let mut e = Self::default();
        e.condition = condition.map(|c| e.condition_of(c)).transpose()?;
        e.update = update.map(|u| e.update_of(u)).transpose()?;
        Ok(e)
    }

    pub(super) fn name(&mut self, name: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, n)| *n == name) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names.insert(placeholder.clone(), name.to_owned());
        placeholder
    }

    pub(super) fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    pub(super) fn json(&mut self, value: &Value) -> Result<String, StoreError> {
        let value = serde_dynamo::to_attribute_value(value).map_err(|e| StoreError::invalid(e.to_string()))?;
        Ok(self.value(value))
    }

    pub(super) fn string(&mut self, value: &str) -> String {
        self.value(AttributeValue::S(value.to_owned()))
    }

    /// DynamoDB reads the result as `Condition::holds_for` does: a comparison with a
    /// missing item or attribute is false.
    pub(super) fn condition_of(&mut self, condition: &Condition) -> Result<String, StoreError> {
        let (exists, not_exists) = (Condition::Exists, Condition::NotExists);
        Ok(match condition {
            Condition::Exists => format!("attribute_exists({})", self.name(PK)),
            Condition::NotExists => format!("attribute_not_exists({})", self.name(PK)),
            Condition::Equals(name, value) => format!("{} = {}", self.name(name), self.json(value)?),
            Condition::LessThan(name, bound) => {
                let bound = self.value(AttributeValue::N(bound.to_string()));
                format!("{} < {bound}", self.name(name))
            }
            // Expressions have no literals: an empty `All` is always true, an empty `Any` never.
            Condition::All(all) if all.is_empty() => self.condition_of(&Condition::Any(vec![exists, not_exists]))?,
            Condition::Any(any) if any.is_empty() => self.condition_of(&Condition::All(vec![exists, not_exists]))?,
            Condition::All(all) => self.join(all, " AND ")?,
            Condition::Any(any) => self.join(any, " OR ")?,
        })
    }

    pub(super) fn join(&mut self, parts: &[Condition], operator: &str) -> Result<String, StoreError> {
        let parts: Result<Vec<_>, _> = parts.iter().map(|c| self.condition_of(c)).collect();
        Ok(format!("({})", parts?.join(operator)))
    }

    pub(super) fn update_of(&mut self, update: &Update) -> Result<String, StoreError> {
        let mut set = Vec::new();
        for (name, value) in &update.set {
            set.push(format!("{} = {}", self.name(name), self.json(value)?));
        }
        // Naming an attribute twice is an overlap DynamoDB rejects; once is the same change.
        let mut remove: Vec<String> = update.remove.iter().map(|name| self.name(name)).collect();
        remove.sort();
        remove.dedup();
        let mut clauses = Vec::new();
        if !set.is_empty() {
            clauses.push(format!("SET {}", set.join(", ")));
        }
        if !remove.is_empty() {
            clauses.push(format!("REMOVE {}", remove.join(", ")));
        }
        Ok(clauses.join(" "))
    }

    /// The key condition of `query`; `None` when no item can match, as DynamoDB refuses
    /// empty key values and inverted ranges rather than answering nothing.
    pub(super) fn key_condition(&mut self, query: &Query) -> Option<String> {
        let (ipk, isk) = query.index.key_names();
        if query.partition.is_empty() {
            return None;
        }
        let partition = format!("{} = {}", self.name(ipk), self.string(&query.partition));
        let sort = match &query.sort {
            SortKey::Any => return Some(partition),
            SortKey::Prefix(prefix) if prefix.is_empty() => return Some(partition),
            SortKey::Prefix(prefix) => format!("begins_with({}, {})", self.name(isk), self.string(prefix)),
            SortKey::Between(low, high) if high.is_empty() || low > high => return None,
            SortKey::Between(low, high) if low.is_empty() => format!("{} <= {}", self.name(isk), self.string(high)),
            SortKey::Between(low, high) => {
                let (low, high) = (self.string(low), self.string(high));
                format!("{} BETWEEN {low} AND {high}", self.name(isk))
            }
        };
        Some(format!("{partition} AND {sort}"))
    }

    /// The names for the request; DynamoDB refuses an empty map.
    pub(super) fn names(&mut self) -> Option<HashMap<String, String>> {
        Some(std::mem::take(&mut self.names)).filter(|names| !names.is_empty())
    }

    /// The values for the request; DynamoDB refuses an empty map.
    pub(super) fn values(&mut self) -> Option<Attributes> {
        Some(std::mem::take(&mut self.values)).filter(|values| !values.is_empty())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Key;
    use crate::store::{EXPIRES_AT, Index};

    fn key(pk: &str, sk: &str) -> Key {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    fn names(e: &Expressions) -> Vec<(&str, &str)> {
        let mut names: Vec<_> = e.names.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        names.sort();
        names
    }

    #[test]
    fn a_free_slot_is_missing_or_lapsed() {
        let e = Expressions::render(Some(&Condition::free_at(1_000)), None).unwrap();
        assert_eq!(e.condition.as_deref(), Some("(attribute_not_exists(#n0) OR #n1 < :v0)"));
        assert_eq!(names(&e), [("#n0", PK), ("#n1", EXPIRES_AT)]);
        assert_eq!(
            e.values,
            HashMap::from([(":v0".to_owned(), AttributeValue::N("1000".into()))])
        );
        assert_eq!(e.update, None);
    }

    #[test]
    fn empty_groups_keep_their_logical_meaning_and_unused_maps_are_left_out() {
        let mut always = Expressions::render(Some(&Condition::All(vec![])), None).unwrap();
        let tautology = "(attribute_exists(#n0) OR attribute_not_exists(#n0))";
        assert_eq!(always.condition.as_deref(), Some(tautology));
        assert!(always.values().is_none());
        let never = Expressions::render(Some(&Condition::Any(vec![])), None).unwrap();
        let contradiction = "(attribute_exists(#n0) AND attribute_not_exists(#n0))";
        assert_eq!(never.condition.as_deref(), Some(contradiction));
        let mut nothing = Expressions::render(None, None).unwrap();
        assert!(nothing.condition.is_none() && nothing.names().is_none() && nothing.values().is_none());
    }

    #[test]
    fn an_update_shares_placeholders_with_its_condition() {
        let update = Update::new(key("P", "S"))
            .set("status", "cancelled")
            .set("version", 3u64);
        let update = update.remove("hold_id").remove("hold_id");
        let condition = Condition::All(vec![Condition::Exists, Condition::version_is(2)]);
        let e = Expressions::render(Some(&condition), Some(&update)).unwrap();
        assert_eq!(e.condition.as_deref(), Some("(attribute_exists(#n0) AND #n1 = :v0)"));
        assert_eq!(e.update.as_deref(), Some("SET #n2 = :v1, #n1 = :v2 REMOVE #n3"));
        assert_eq!(
            names(&e),
            [("#n0", PK), ("#n1", "version"), ("#n2", "status"), ("#n3", "hold_id")]
        );
        assert_eq!(e.values[":v0"], AttributeValue::N("2".into()));
        assert_eq!(e.values[":v1"], AttributeValue::S("cancelled".into()));
    }

    #[test]
    fn key_conditions_follow_the_sort_key_selection() {
        let render = |sort| Expressions::default().key_condition(&Query::new(Index::Gsi2, "G", sort));
        let between = |low: &str, high: &str| render(SortKey::Between(low.into(), high.into()));
        assert_eq!(render(SortKey::Any).as_deref(), Some("#n0 = :v0"));
        assert_eq!(render(SortKey::Prefix(String::new())).as_deref(), Some("#n0 = :v0"));
        assert_eq!(
            render(SortKey::Prefix("B#".into())).as_deref(),
            Some("#n0 = :v0 AND begins_with(#n1, :v1)")
        );
        assert_eq!(
            between("a", "b").as_deref(),
            Some("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2")
        );
        assert_eq!(between("", "b").as_deref(), Some("#n0 = :v0 AND #n1 <= :v1"));
        assert_eq!(between("b", "a"), None);
    }
}
