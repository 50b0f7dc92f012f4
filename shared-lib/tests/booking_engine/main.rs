//! The booking engine's story, on every store adapter: nobody is ever double-booked.

mod cases;

turnaki_testkit::each_store! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {crate::cases}: [
        two_patients_racing_for_ten_oclock_one_wins_and_the_rest_hear_it_is_taken,
        an_hour_at_ten_blocks_half_an_hour_at_half_past_ten,
        a_storm_of_overlapping_bookings_never_double_books_anyone,
        with_one_chair_two_professionals_cannot_both_work_at_ten,
        with_two_chairs_the_second_booking_takes_the_other_chair,
        a_hold_keeps_the_slot_until_it_lapses,
        the_patient_who_holds_a_slot_can_book_it,
        an_idempotent_retry_returns_the_original_booking,
        the_same_idempotency_key_for_another_request_is_refused,
        rescheduling_onto_a_taken_slot_leaves_the_booking_untouched,
        rescheduling_frees_the_old_time_and_takes_the_new,
        a_cancelled_time_can_be_booked_again_at_once,
        cancelling_restores_exactly_the_previous_availability,
        after_a_booking_no_overlapping_start_is_offered,
        every_offered_start_can_be_booked,
        status_moves_follow_the_state_machine,
        a_change_based_on_a_stale_version_is_refused,
        availability_respects_notice_hours_and_closures,
        bookings_off_the_grid_or_outside_hours_are_refused,
        availability_and_booking_agree_whatever_was_booked_before,
        nothing_of_another_clinic_can_be_booked_held_or_put_on_a_professional,
    ];
}
