# Knowledge-sharing events (issue 16, item 4): announcement, registration, waiting list, cancelling.
events-title = Events
events-lead = Events centred on knowledge sharing between education professionals. Register; when an event is full you join the waiting list and move up automatically when a place becomes free.
events-upcoming = Upcoming events
events-past = Past events
events-none-upcoming = No upcoming events have been announced yet.
events-none-past = There are no past events yet.
event-when = { $date }, { $starts }–{ $ends }
event-online = Online
event-place-and-online = { $place } and online
event-called-off = Called off
event-called-off-notice = This event has been called off.
event-places-left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
  }
event-full = Full: registering puts you on the waiting list
event-full-waiting = full; new registrations join the waiting list
event-full-hint = This event is full. If you register, you join the waiting list. When a place becomes free you get it automatically and receive an e-mail.
event-field-when = Date and time
event-field-where = Place
event-field-online-url = Online link
event-field-capacity = Places
event-field-places-left = Places left
event-field-programme = Programme
event-ics-link = Add to my calendar (.ics)
event-register-heading = Register
event-field-name = Name
event-field-email = E-mail address
event-field-institution = Institution or organisation
event-field-consent = I consent to these details being used for this event.
event-consent-text = We use your name, e-mail address and institution only to process your registration, e-mail you about this event and draw up the list of participants. The programme manager of MBO Digitaal sees these details. They are deleted automatically { $days } days after the event. You can always cancel with the personal link in the confirmation e-mail.
event-register-submit = Register
event-registration-closed = Registration is closed: the event has started or is over.
event-closed = Registration is closed: the event has started, is over or has been called off.
event-done-registered = You are registered. You will receive a confirmation by e-mail, with the event for your calendar and a personal link to cancel.
event-done-waiting = The event is full: you are on the waiting list. When a place becomes free you get it automatically and receive an e-mail. The confirmation with your personal cancellation link is on its way.
event-status-registered = Registered
event-status-waiting = Waiting list
event-status-cancelled = Cancelled
event-field-long = At most { $max } characters.
event-title-missing = Enter the title.
event-date-missing = Enter the date.
event-date-invalid = The date is not a valid date (yyyy-mm-dd).
event-starts-missing = Enter the start time.
event-ends-missing = Enter the end time.
event-time-invalid = Not a valid time (hh:mm, for example 13:30).
event-ends-before-start = The end time is not after the start time.
event-url-invalid = The online link must be a web address starting with https://.
event-place-missing = Enter a place, an online link, or both.
event-programme-missing = Enter the programme.
event-capacity-missing = Enter the number of places.
event-capacity-invalid = The number of places is a whole number from 1 to { $max }.
event-capacity-below-registered = { $registered } people are already registered; the number of places cannot be lower.
event-name-missing = Enter your name.
event-email-missing = Enter your e-mail address.
event-email-invalid = The e-mail address is not a valid e-mail address.
event-email-taken = Someone is already registered for this event with this e-mail address.
event-institution-missing = Enter your institution or organisation.
event-consent-missing = Give your consent to the use of your details, otherwise we cannot register you.
event-mail-registered-subject = Registration confirmed: { $title }
event-mail-registered-body = Dear { $name },

    You are registered for { $title } on { $when } ({ $place }).
    More information: { $url }

    The event for your calendar is attached.

    Cannot come after all? Cancel with your personal link (it works once): { $link }

    Kind regards,
    MBO Digitaal
event-mail-waiting-subject = Waiting list: { $title }
event-mail-waiting-body = Dear { $name },

    { $title } on { $when } ({ $place }) is full. You are on the waiting list. When a place becomes free you get it automatically and receive an e-mail.
    More information: { $url }

    No longer want to wait? Cancel with your personal link (it works once): { $link }

    Kind regards,
    MBO Digitaal
event-mail-moved-up-subject = A place is free: { $title }
event-mail-moved-up-body = Dear { $name },

    A place has become free: you are now registered for { $title } on { $when } ({ $place }).
    More information: { $url }

    The event for your calendar is attached. Cannot come after all? Cancel with the personal link from your earlier e-mail.

    Kind regards,
    MBO Digitaal
event-cancel-title = Cancel registration
event-cancel-question = Do you want to cancel your registration for { $title }?
event-cancel-submit = Yes, cancel my registration
event-cancel-keep = No, keep my registration
event-cancelled-title = Cancelled
event-cancelled-text = Your registration for { $title } is cancelled. Your place goes to the first on the waiting list.
event-cancel-unknown-title = This link does not work (any more)
event-cancel-unknown-text = This cancellation link has been used already or does not exist. If you have already cancelled, there is nothing more to do.
event-back = Back to the event
events-manage-title = Manage events
events-manage-empty = There are no events yet.
events-manage-table = Events with places, registrations and waiting list
events-new-title = New event
events-edit-title = Edit event
event-field-title = Title
event-field-date = Date
event-date-hint = yyyy-mm-dd, for example 2026-03-12
event-field-starts = Start time
event-field-ends = End time
event-time-hint = hh:mm, Dutch time
event-field-place = Place (address)
event-place-hint = Leave empty when the event is online only.
event-field-cancelled = Called off (no more registrations; does not count as held)
event-save = Save
event-saved = The event has been saved.
event-col-links = View
event-view-public = Public page
event-edit-link = Edit event
event-delete-link = Delete event
event-delete-title = Delete event
event-delete-confirm = Do you want to delete { $title }? { $registrations ->
    [0] There are no registrations.
    [one] Its one registration is deleted too.
   *[other] Its { $registrations } registrations are deleted too.
  }
event-delete-submit = Delete
event-deleted = { $title } has been deleted.
event-attendees-link = Participants
event-attendees-title = Participants: { $title }
event-attendees-table = Registrations, first those with a place, then the waiting list in order
event-attendees-empty = There are no registrations (yet).
event-export-csv = Download the list of participants (CSV)
event-col-name = Name
event-col-email = E-mail address
event-col-institution = Institution
event-col-status = Status
event-col-registered = Registered on
event-retention-note = Registrations are deleted automatically when the retention period after the event has passed.
outbox-attachment = Attachment:
kpi-detail-knowledge-events = { $events ->
    [one] 1 event
   *[other] { $events } events
  } held in { $period } (called-off events not counted).
audit-entity-knowledge-event = Event
audit-action-knowledge-event-created = Event created
audit-action-knowledge-event-changed = Event changed
audit-action-knowledge-event-deleted = Event deleted
audit-action-knowledge-event-registered = Event registration
audit-action-knowledge-event-registration-cancelled = Event registration cancelled
audit-action-knowledge-event-moved-up = Moved up from the waiting list
audit-action-knowledge-event-registrations-deleted = Registrations deleted after the retention period
