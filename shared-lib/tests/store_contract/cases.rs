//! The contract cases, written once against `dyn Store`.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::json;
use turnaki_shared::keys::Key;
use turnaki_shared::store::{
    Action, Condition, Cursor, Index, Item, MAX_TRANSACTION_ACTIONS, Query, SortKey, Store, StoreError, Update,
};

type Shared = Arc<dyn Store>;

fn key(pk: &str, sk: &str) -> Key {
    Key {
        pk: pk.into(),
        sk: sk.into(),
    }
}

fn item(pk: &str, sk: &str) -> Item {
    Item::new(key(pk, sk))
}

async fn sks(store: &Shared, query: Query) -> Vec<String> {
    let page = store.query(&query).await.unwrap();
    page.items.iter().map(|i| i.key().sk).collect()
}

pub async fn an_item_round_trips_through_put_and_get(store: Shared) {
    let written = item("TENANT#1", "BOOKING#1")
        .with("status", "confirmed")
        .with("notes", "")
        .with("version", 3u64)
        .with("chair", json!(null))
        .with("treatments", json!(["a", "b"]))
        .with("price", json!({"amount_minor": 35000, "currency": "CLP"}))
        .with("active", true)
        .with_gsi1(key("PATIENT#1#p", "BOOKING#2026-03-02T13:00:00Z"));
    store.put(written.clone(), None).await.unwrap();
    assert_eq!(store.get(&written.key()).await.unwrap(), Some(written));
}

pub async fn a_missing_item_reads_as_none(store: Shared) {
    assert_eq!(store.get(&key("TENANT#1", "nothing")).await.unwrap(), None);
}

pub async fn a_second_create_of_the_same_key_is_refused_and_the_first_kept(store: Shared) {
    let first = item("TENANT#1", "SLOT#p#2026-03-02T13:00").with("booking", "first");
    store.put(first.clone(), Some(Condition::NotExists)).await.unwrap();
    let second = item("TENANT#1", "SLOT#p#2026-03-02T13:00").with("booking", "second");
    assert_eq!(
        store.put(second, Some(Condition::NotExists)).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    assert_eq!(store.get(&first.key()).await.unwrap(), Some(first));
}

pub async fn a_delete_with_a_stale_version_is_refused(store: Shared) {
    let stored = item("TENANT#1", "BOOKING#1").with("version", 2u64);
    store.put(stored.clone(), None).await.unwrap();
    assert_eq!(
        store.delete(&stored.key(), Some(Condition::version_is(1))).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    assert!(store.get(&stored.key()).await.unwrap().is_some());
    store
        .delete(&stored.key(), Some(Condition::version_is(2)))
        .await
        .unwrap();
    assert_eq!(store.get(&stored.key()).await.unwrap(), None);
    // Deleting what is not there is not an error (idempotent), unless a condition says so.
    store.delete(&stored.key(), None).await.unwrap();
    assert_eq!(
        store.delete(&stored.key(), Some(Condition::Exists)).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
}

pub async fn an_update_sets_and_removes_attributes_under_a_version_check(store: Shared) {
    let stored = item("TENANT#1", "BOOKING#1")
        .with("status", "pending")
        .with("notes", "x")
        .with("version", 1u64);
    store.put(stored.clone(), None).await.unwrap();
    let stale = Update::new(stored.key())
        .set("status", "confirmed")
        .when(Condition::version_is(0));
    assert_eq!(store.update(stale).await, Err(StoreError::ConditionFailed { index: 0 }));
    let change = Update::new(stored.key())
        .set("status", "confirmed")
        .set("version", 2u64)
        .remove("notes")
        .when(Condition::version_is(1));
    let updated = store.update(change).await.unwrap();
    let expected = item("TENANT#1", "BOOKING#1")
        .with("status", "confirmed")
        .with("version", 2u64);
    assert_eq!(updated, expected);
    assert_eq!(store.get(&stored.key()).await.unwrap(), Some(expected));
}

pub async fn an_update_of_a_missing_item_creates_it(store: Shared) {
    let created = store
        .update(Update::new(key("REMINDER#x", "1")).set("status", "pending"))
        .await
        .unwrap();
    assert_eq!(created, item("REMINDER#x", "1").with("status", "pending"));
    let guarded = Update::new(key("REMINDER#x", "2"))
        .set("status", "sent")
        .when(Condition::Exists);
    assert_eq!(
        store.update(guarded).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    assert_eq!(store.get(&key("REMINDER#x", "2")).await.unwrap(), None);
}

pub async fn an_update_may_not_change_the_primary_key(store: Shared) {
    let update = Update::new(key("TENANT#1", "A")).set("PK", "TENANT#2");
    assert!(matches!(store.update(update).await, Err(StoreError::Invalid(_))));
    assert_eq!(store.get(&key("TENANT#1", "A")).await.unwrap(), None);
}

pub async fn a_lapsed_hold_is_free_and_a_live_one_is_not(store: Shared) {
    let now = 1_800_000_000;
    let hold = item("TENANT#1", "SLOT#p#2026-03-02T13:00")
        .with("hold_id", "h1")
        .with_expiry(now + 300);
    store.put(hold.clone(), Some(Condition::free_at(now))).await.unwrap();
    let taker = item("TENANT#1", "SLOT#p#2026-03-02T13:00").with("booking_id", "b2");
    assert_eq!(
        store.put(taker.clone(), Some(Condition::free_at(now + 300))).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    store
        .put(taker.clone(), Some(Condition::free_at(now + 301)))
        .await
        .unwrap();
    assert_eq!(store.get(&taker.key()).await.unwrap(), Some(taker));
}

pub async fn a_stale_claim_can_be_taken_over_and_a_fresh_one_cannot(store: Shared) {
    let claimed = item("REMINDER#2026-03-02T13#00", "x")
        .with("status", "sending")
        .with("claimed_at", 1_000);
    store.put(claimed.clone(), None).await.unwrap();
    let stale_before = |at: i64| {
        Condition::All(vec![
            Condition::Equals("status".into(), json!("sending")),
            Condition::LessThan("claimed_at".into(), at),
        ])
    };
    let take_over = |at: i64| {
        Update::new(claimed.key())
            .set("claimed_at", 2_000)
            .when(stale_before(at))
    };
    assert_eq!(
        store.update(take_over(1_000)).await,
        Err(StoreError::ConditionFailed { index: 0 }),
        "a claim made at the bound is not stale"
    );
    let taken = store.update(take_over(1_001)).await.unwrap();
    assert_eq!(taken.get("claimed_at"), Some(&json!(2_000)));
    let missing = Update::new(key("REMINDER#2026-03-02T13#00", "gone"))
        .set("claimed_at", 2_000)
        .when(stale_before(i64::MAX));
    assert_eq!(
        store.update(missing).await,
        Err(StoreError::ConditionFailed { index: 0 }),
        "a bound on a missing item is false"
    );
}

pub async fn the_holder_of_a_hold_can_convert_it(store: Shared) {
    let now = 1_800_000_000;
    let slot = key("TENANT#1", "SLOT#p#2026-03-02T13:00");
    store
        .put(
            Item::new(slot.clone()).with("hold_id", "h1").with_expiry(now + 300),
            None,
        )
        .await
        .unwrap();
    let converts = |hold: &str| {
        Condition::Any(vec![
            Condition::free_at(now),
            Condition::Equals("hold_id".into(), json!(hold)),
        ])
    };
    let booked = Item::new(slot.clone()).with("booking_id", "b1");
    assert_eq!(
        store.put(booked.clone(), Some(converts("h2"))).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    store.put(booked.clone(), Some(converts("h1"))).await.unwrap();
    assert_eq!(store.get(&slot).await.unwrap(), Some(booked));
}

pub async fn a_transaction_with_one_failing_condition_writes_nothing_and_names_it(store: Shared) {
    store
        .put(item("TENANT#1", "SLOT#p#10:15").with("booking_id", "other"), None)
        .await
        .unwrap();
    store
        .put(item("TENANT#1", "OLD").with("version", 1u64), None)
        .await
        .unwrap();
    let actions = vec![
        Action::Put {
            item: item("TENANT#1", "SLOT#p#10:00"),
            condition: Some(Condition::NotExists),
        },
        Action::Delete {
            key: key("TENANT#1", "OLD"),
            condition: Some(Condition::version_is(1)),
        },
        Action::Put {
            item: item("TENANT#1", "SLOT#p#10:15"),
            condition: Some(Condition::NotExists),
        },
        Action::Put {
            item: item("TENANT#1", "BOOKING#b"),
            condition: Some(Condition::NotExists),
        },
    ];
    assert_eq!(
        store.transact(actions).await,
        Err(StoreError::ConditionFailed { index: 2 })
    );
    assert_eq!(store.get(&key("TENANT#1", "SLOT#p#10:00")).await.unwrap(), None);
    assert_eq!(store.get(&key("TENANT#1", "BOOKING#b")).await.unwrap(), None);
    assert!(store.get(&key("TENANT#1", "OLD")).await.unwrap().is_some());
    assert_eq!(
        store
            .get(&key("TENANT#1", "SLOT#p#10:15"))
            .await
            .unwrap()
            .unwrap()
            .string("booking_id"),
        Some("other")
    );
}

pub async fn a_transaction_applies_puts_deletes_updates_and_checks_together(store: Shared) {
    store
        .put(
            item("TENANT#1", "BOOKING#b")
                .with("status", "confirmed")
                .with("version", 1u64),
            None,
        )
        .await
        .unwrap();
    store
        .put(item("TENANT#1", "SLOT#p#10:00").with("booking_id", "b"), None)
        .await
        .unwrap();
    store
        .put(item("TENANT#1", "METADATA").with("active", true), None)
        .await
        .unwrap();
    let actions = vec![
        Action::Delete {
            key: key("TENANT#1", "SLOT#p#10:00"),
            condition: Some(Condition::Exists),
        },
        Action::Put {
            item: item("TENANT#1", "SLOT#p#11:00").with("booking_id", "b"),
            condition: Some(Condition::NotExists),
        },
        Action::Update(
            Update::new(key("TENANT#1", "BOOKING#b"))
                .set("start", "11:00")
                .set("version", 2u64)
                .when(Condition::version_is(1)),
        ),
        Action::Check {
            key: key("TENANT#1", "METADATA"),
            condition: Condition::Equals("active".into(), json!(true)),
        },
    ];
    store.transact(actions).await.unwrap();
    assert_eq!(store.get(&key("TENANT#1", "SLOT#p#10:00")).await.unwrap(), None);
    assert!(store.get(&key("TENANT#1", "SLOT#p#11:00")).await.unwrap().is_some());
    let booking = store.get(&key("TENANT#1", "BOOKING#b")).await.unwrap().unwrap();
    assert_eq!((booking.string("start"), booking.version()), (Some("11:00"), Some(2)));
    assert_eq!(booking.string("status"), Some("confirmed"));
    // A failing check alone cancels the rest.
    let guarded = vec![
        Action::Put {
            item: item("TENANT#1", "X"),
            condition: None,
        },
        Action::Check {
            key: key("TENANT#1", "METADATA"),
            condition: Condition::Equals("active".into(), json!(false)),
        },
    ];
    assert_eq!(
        store.transact(guarded).await,
        Err(StoreError::ConditionFailed { index: 1 })
    );
    assert_eq!(store.get(&key("TENANT#1", "X")).await.unwrap(), None);
}

pub async fn a_transaction_refuses_oversize_or_repeated_items(store: Shared) {
    let too_many: Vec<Action> = (0..=MAX_TRANSACTION_ACTIONS)
        .map(|i| Action::Put {
            item: item("TENANT#1", &format!("S#{i:03}")),
            condition: None,
        })
        .collect();
    assert!(matches!(store.transact(too_many).await, Err(StoreError::Invalid(_))));
    let repeated = vec![
        Action::Put {
            item: item("TENANT#1", "A"),
            condition: None,
        },
        Action::Delete {
            key: key("TENANT#1", "A"),
            condition: None,
        },
    ];
    assert!(matches!(store.transact(repeated).await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.transact(vec![]).await, Err(StoreError::Invalid(_))));
    let full: Vec<Action> = (0..MAX_TRANSACTION_ACTIONS)
        .map(|i| Action::Put {
            item: item("TENANT#1", &format!("S#{i:03}")),
            condition: Some(Condition::NotExists),
        })
        .collect();
    store.transact(full).await.unwrap();
    let page = store
        .query(&Query::new(Index::Table, "TENANT#1", SortKey::Prefix("S#".into())))
        .await
        .unwrap();
    assert_eq!(page.items.len(), MAX_TRANSACTION_ACTIONS);
}

pub async fn a_table_query_selects_by_prefix_and_range(store: Shared) {
    for sk in [
        "SLOT#p#2026-03-01T23:45",
        "SLOT#p#2026-03-02T09:00",
        "SLOT#p#2026-03-02T09:15",
        "SLOT#p#2026-03-03T09:00",
        "SLOT#q#2026-03-02T09:00",
        "SLOT$",
    ] {
        store.put(item("TENANT#1", sk), None).await.unwrap();
    }
    store
        .put(item("TENANT#2", "SLOT#p#2026-03-02T09:00"), None)
        .await
        .unwrap();
    let day = Query::new(Index::Table, "TENANT#1", SortKey::Prefix("SLOT#p#2026-03-02".into()));
    assert_eq!(
        sks(&store, day).await,
        ["SLOT#p#2026-03-02T09:00", "SLOT#p#2026-03-02T09:15"]
    );
    let range = Query::new(
        Index::Table,
        "TENANT#1",
        SortKey::Between("SLOT#p#2026-03-01T23:45".into(), "SLOT#p#2026-03-02T09:00".into()),
    );
    assert_eq!(
        sks(&store, range).await,
        ["SLOT#p#2026-03-01T23:45", "SLOT#p#2026-03-02T09:00"]
    );
    let all = Query::new(Index::Table, "TENANT#1", SortKey::Prefix("SLOT#".into())).descending();
    assert_eq!(
        sks(&store, all).await.first().map(String::as_str),
        Some("SLOT#q#2026-03-02T09:00")
    );
    assert_eq!(
        sks(&store, Query::new(Index::Table, "TENANT#1", SortKey::Any))
            .await
            .len(),
        6
    );
}

pub async fn gsi_queries_see_only_items_indexed_there_in_sort_order(store: Shared) {
    let booking = |id: &str, patient: &str, prof: &str, start: &str| {
        item("TENANT#1", &format!("BOOKING#{id}"))
            .with_gsi1(key(&format!("PATIENT#1#{patient}"), &format!("BOOKING#{start}")))
            .with_gsi2(key(&format!("PROFESSIONAL#1#{prof}"), &format!("BOOKING#{start}")))
    };
    store
        .put(booking("b3", "ana", "p1", "2026-03-03T10:00:00Z"), None)
        .await
        .unwrap();
    store
        .put(booking("b1", "ana", "p2", "2026-03-01T10:00:00Z"), None)
        .await
        .unwrap();
    store
        .put(booking("b2", "bea", "p1", "2026-03-02T10:00:00Z"), None)
        .await
        .unwrap();
    // An item with only half an index key is not in that index, as in DynamoDB.
    store
        .put(item("TENANT#1", "BOOKING#b4").with("GSI1PK", "PATIENT#1#ana"), None)
        .await
        .unwrap();
    let ana = Query::new(Index::Gsi1, "PATIENT#1#ana", SortKey::Prefix("BOOKING#".into()));
    assert_eq!(sks(&store, ana).await, ["BOOKING#b1", "BOOKING#b3"]);
    let p1_march_2_on = Query::new(
        Index::Gsi2,
        "PROFESSIONAL#1#p1",
        SortKey::Between(
            "BOOKING#2026-03-02T00:00:00Z".into(),
            "BOOKING#2026-03-31T00:00:00Z".into(),
        ),
    );
    assert_eq!(sks(&store, p1_march_2_on).await, ["BOOKING#b2", "BOOKING#b3"]);
    let nobody = Query::new(Index::Gsi2, "PROFESSIONAL#1#p9", SortKey::Any);
    assert_eq!(store.query(&nobody).await.unwrap().items, vec![]);
}

pub async fn a_cursor_walks_every_page_exactly_once(store: Shared) {
    let all: Vec<String> = (0..23).map(|i| format!("TREATMENT#{i:02}")).collect();
    for sk in &all {
        store.put(item("TENANT#1", sk), None).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let query = Query::new(Index::Table, "TENANT#1", SortKey::Prefix("TREATMENT#".into()))
            .limit(7)
            .after(cursor);
        let page = store.query(&query).await.unwrap();
        sizes.push(page.items.len());
        seen.extend(page.items.iter().map(|i| i.key().sk));
        // The opaque text form is what clients send back.
        cursor = page.next.map(|c| c.to_string().parse().unwrap());
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(sizes, [7, 7, 7, 2]);
    assert_eq!(seen, all);
    // A page that ends exactly at the last item says nothing follows.
    let exact = Query::new(Index::Table, "TENANT#1", SortKey::Prefix("TREATMENT#".into())).limit(23);
    assert_eq!(store.query(&exact).await.unwrap().next, None);
}

pub async fn a_cursor_walks_an_index_backwards_through_equal_sort_keys(store: Shared) {
    // Five bookings share one start: paging must still visit each once.
    for i in 0..12 {
        let start = if i < 5 {
            "BOOKING#2026-03-02T10:00:00Z".to_owned()
        } else {
            format!("BOOKING#2026-03-{:02}T10:00:00Z", i)
        };
        store
            .put(
                item("TENANT#1", &format!("BOOKING#{i:02}")).with_gsi2(key("PROFESSIONAL#1#p", &start)),
                None,
            )
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let query = Query::new(Index::Gsi2, "PROFESSIONAL#1#p", SortKey::Any)
            .descending()
            .limit(3)
            .after(cursor);
        let page = store.query(&query).await.unwrap();
        seen.extend(
            page.items
                .iter()
                .map(|i| (i.string("GSI2SK").unwrap().to_owned(), i.key().sk)),
        );
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 12);
    assert_eq!(seen.iter().map(|(_, sk)| sk.clone()).collect::<HashSet<_>>().len(), 12);
    assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "not newest first: {seen:?}");
}

pub async fn a_cursor_from_another_partition_is_refused(store: Shared) {
    for i in 0..3 {
        store
            .put(item("TENANT#1", &format!("TREATMENT#{i}")), None)
            .await
            .unwrap();
    }
    let first = store
        .query(&Query::new(Index::Table, "TENANT#1", SortKey::Any).limit(1))
        .await
        .unwrap();
    let foreign = Query::new(Index::Table, "TENANT#2", SortKey::Any).after(first.next);
    assert!(matches!(store.query(&foreign).await, Err(StoreError::Invalid(_))));
    let oversize = Query::new(Index::Table, "TENANT#1", SortKey::Any).limit(0);
    assert!(matches!(store.query(&oversize).await, Err(StoreError::Invalid(_))));
}

pub async fn concurrent_conflicting_transactions_have_exactly_one_winner(store: Shared) {
    let contenders = 24;
    let tasks: Vec<_> = (0..contenders)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let actions = vec![
                    Action::Put {
                        item: item("TENANT#1", &format!("BOOKING#{i:02}")),
                        condition: Some(Condition::NotExists),
                    },
                    Action::Put {
                        item: item("TENANT#1", "SLOT#p#10:00").with("booking_id", format!("{i:02}")),
                        condition: Some(Condition::NotExists),
                    },
                    Action::Put {
                        item: item("TENANT#1", "SLOT#p#10:15").with("booking_id", format!("{i:02}")),
                        condition: Some(Condition::NotExists),
                    },
                ];
                (i, store.transact(actions).await)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tasks {
        let (i, outcome) = task.await.unwrap();
        match outcome {
            Ok(()) => winners.push(format!("{i:02}")),
            Err(StoreError::ConditionFailed { index }) => assert!(index == 1 || index == 2),
            Err(StoreError::Contention) => {}
            Err(other) => panic!("unexpected outcome: {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one transaction must win");
    let bookings = store
        .query(&Query::new(
            Index::Table,
            "TENANT#1",
            SortKey::Prefix("BOOKING#".into()),
        ))
        .await
        .unwrap();
    assert_eq!(bookings.items.len(), 1, "only the winner's booking is stored");
    for slot in ["SLOT#p#10:00", "SLOT#p#10:15"] {
        let lock = store.get(&key("TENANT#1", slot)).await.unwrap().unwrap();
        assert_eq!(lock.string("booking_id"), Some(winners[0].as_str()));
    }
}

pub async fn migrate_twice_is_harmless(store: Shared) {
    store.put(item("TENANT#1", "METADATA"), None).await.unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert!(store.get(&key("TENANT#1", "METADATA")).await.unwrap().is_some());
}
