// Page objects: what a person does on each screen, in the app's data-testids.
export const PASSWORD = 'turnaki-demo-2026';
export const DEMO = {
  owner: 'owner@turnaki.example',
  admin: 'admin@sonrisa.example',
  reception: 'recepcion@sonrisa.example',
  dentist: 'dentista@sonrisa.example',
  patient: 'paciente@sonrisa.example',
};

const id = (name) => `[data-testid="${name}"]`;

export class ClinicPage {
  constructor(page) { this.page = page; }

  async open(slug = 'sonrisa') {
    await this.page.goto(`/${slug}`);
    await this.page.waitForSelector(id('wizard'));
  }

  async chooseTreatment(name) {
    const option = name ? `${id('treatment-option')}[data-name="${name}"]` : id('treatment-option');
    await this.page.locator(option).first().click();
    await this.page.waitForSelector(`${id('slot')}, ${id('empty')}`);
  }

  async treatmentNames() {
    await this.page.waitForSelector(id('treatment-option'));
    return this.page.locator(id('treatment-option')).evaluateAll((els) => els.map((e) => e.dataset.name));
  }

  async firstSlot() {
    return this.page.locator(id('slot')).first().getAttribute('data-start');
  }

  async pick(start) {
    await this.page.locator(`${id('slot')}[data-start="${start}"]`).click();
  }

  /** The free times of the following week (their first start changes). */
  async laterWeek() {
    const before = await this.firstSlot();
    await this.page.click(id('later'));
    await this.page.waitForFunction(
      (old) => (document.querySelector('[data-testid="slot"]')?.dataset.start ?? old) !== old,
      before,
    );
  }

  async register(name, email) {
    await this.page.waitForSelector(id('summary'));
    await this.createAccount(name, email);
    await this.page.waitForSelector(id('book-submit'));
  }

  /** Fills the patient's account form wherever the app asks who they are. */
  async createAccount(name, email) {
    await this.page.fill(id('field-name'), name);
    await this.page.fill(id('field-email'), email);
    await this.page.fill(id('field-phone'), '+56 9 6123 4567');
    await this.page.fill(id('field-password'), 'a-long-patient-password');
    await this.page.click(id('register-submit'));
  }

  /** From the free times: "tell me if something sooner opens". */
  async openWaitlistForm() {
    await this.page.click(id('waitlist-join'));
    await this.page.waitForSelector(`${id('tab-register')}, ${id('waitlist-submit')}`);
  }

  /** Joins the waitlist with the form's defaults (the coming month, anyone, any day and
   * time), registering first when not signed in. */
  async joinWaitlist(name, email) {
    if (await this.page.isVisible(id('tab-register'))) await this.createAccount(name, email);
    await this.page.waitForSelector(id('waitlist-submit'));
    await this.page.click(id('waitlist-submit'));
    await this.page.waitForSelector(`${id('waitlist-joined')}, ${id('problem')}`);
  }

  async confirm() {
    await this.page.click(id('book-submit'));
    await this.page.waitForSelector(`${id('booked')}, ${id('slot-lost')}, ${id('problem')}`);
  }

  /** A new patient books the first free time of `treatment` (or of the first treatment),
   * registering on the way; returns the start and, from my appointments, the booking. */
  async bookFirstTime(name, email, treatment) {
    await this.open();
    await this.chooseTreatment(treatment);
    const start = await this.firstSlot();
    await this.pick(start);
    await this.register(name, email);
    await this.confirm();
    await this.page.click(id('go-my-appointments'));
    await this.page.waitForSelector(id('appointment'));
    const booking = await this.page.locator(id('appointment')).first().getAttribute('data-booking-id');
    return { start, booking };
  }
}

/** Reception's calendar. */
export class Agenda {
  constructor(page) { this.page = page; }

  /** The clinic's day of `start` (the demo clinic keeps Santiago's time). */
  async openDay(start) {
    await this.page.waitForSelector(id('calendar-day'));
    const day = new Date(start).toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
    await this.page.fill(id('date'), day);
    await this.page.dispatchEvent(id('date'), 'change');
  }

  /** The booking's block on the calendar, once shown (`having`: more attribute selectors). */
  async block(booking, having = '') {
    const block = this.page.locator(`${id('booking-block')}[data-booking-id="${booking}"]${having}`);
    await block.waitFor();
    return block;
  }

  async openBooking(booking) {
    await (await this.block(booking)).click();
    await this.page.waitForSelector(id('booking-detail'));
  }

  /** Marks the open booking `arrived` or `completed`, and waits for its block to say so. */
  async mark(booking, status) {
    await this.page.click(id(`mark-${status}`));
    await this.block(booking, `[data-status="${status}"]`);
  }
}

export class SignIn {
  constructor(page) { this.page = page; }

  async as(email, password = PASSWORD) {
    await this.page.goto('/');
    await this.page.fill(id('field-email'), email);
    await this.page.fill(id('field-password'), password);
    await this.page.click(id('sign-in-submit'));
    await this.page.waitForSelector(id('sign-out'));
  }
}

export { id };
