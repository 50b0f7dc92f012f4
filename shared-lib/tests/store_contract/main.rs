//! The store contract: every case runs against every adapter in the same `cargo test` run.
//!
//! The DynamoDB adapter talks to the AWS-compatible endpoint in
//! `TURNAKI_TEST_DYNAMODB_ENDPOINT` (moto, started by `scripts/test.sh`). Without it the
//! DynamoDB cases fail rather than skip: a green run must mean both adapters passed.

mod cases;

turnaki_testkit::each_store! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {crate::cases}: [
        an_item_round_trips_through_put_and_get,
        a_missing_item_reads_as_none,
        a_second_create_of_the_same_key_is_refused_and_the_first_kept,
        a_delete_with_a_stale_version_is_refused,
        an_update_sets_and_removes_attributes_under_a_version_check,
        an_update_of_a_missing_item_creates_it,
        an_update_may_not_change_the_primary_key,
        a_lapsed_hold_is_free_and_a_live_one_is_not,
        a_stale_claim_can_be_taken_over_and_a_fresh_one_cannot,
        the_holder_of_a_hold_can_convert_it,
        a_transaction_with_one_failing_condition_writes_nothing_and_names_it,
        a_transaction_applies_puts_deletes_updates_and_checks_together,
        a_transaction_refuses_oversize_or_repeated_items,
        a_table_query_selects_by_prefix_and_range,
        gsi_queries_see_only_items_indexed_there_in_sort_order,
        a_cursor_walks_every_page_exactly_once,
        a_cursor_walks_an_index_backwards_through_equal_sort_keys,
        a_cursor_from_another_partition_is_refused,
        concurrent_conflicting_transactions_have_exactly_one_winner,
        migrate_twice_is_harmless,
    ];
}
