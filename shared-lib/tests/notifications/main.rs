//! Patients hear of every booking, change and cancellation, and are reminded once before
//! the visit: the reminder and delivery cases on every store adapter, and one contract for
//! every mailer.

mod delivery_cases;
mod desk;
mod mailer_contract;
mod reminder_cases;

/// The cases that run on every store.
mod cases {
    pub use crate::delivery_cases::*;
    pub use crate::reminder_cases::*;
}

turnaki_testkit::each_store! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {crate::cases}: [
        changes_stored_just_before_a_crash_are_sent_on_the_next_start,
        an_event_handled_twice_sends_one_message,
        messages_wait_out_a_mail_outage_and_keep_their_order,
        a_booking_is_confirmed_in_the_clinics_time_with_an_invitation_to_parse,
        a_cancellation_cancels_the_same_calendar_event,
        two_overlapping_runs_send_each_reminder_exactly_once,
        a_reminder_goes_out_at_the_clinics_hour_across_the_dst_change,
        a_cancelled_booking_gets_no_reminder,
        a_moved_booking_is_reminded_of_its_new_time_only,
        a_same_day_reminder_follows_the_first,
        a_failing_mailer_leaves_the_booking_and_shows_the_failure,
        a_reminder_claimed_by_a_run_that_died_goes_out_once_the_lease_lapses,
    ];
}
