# Evenementen voor kennisdeling (issue 16, onderdeel 4): aankondiging, aanmelding, wachtlijst, afmelden.
events-title = Evenementen
events-lead = Evenementen waarbij kennisdeling tussen onderwijsprofessionals centraal staat. Meld u aan; is een evenement vol, dan komt u op de wachtlijst en schuift u automatisch door als er een plaats vrijkomt.
events-upcoming = Komende evenementen
events-past = Eerdere evenementen
events-none-upcoming = Er zijn nog geen komende evenementen aangekondigd.
events-none-past = Er zijn nog geen eerdere evenementen.
event-when = { $date }, { $starts }–{ $ends }
event-online = Online
event-place-and-online = { $place } en online
event-called-off = Afgelast
event-called-off-notice = Dit evenement is afgelast.
event-places-left = { $count ->
    [one] Nog 1 plaats vrij
   *[other] Nog { $count } plaatsen vrij
  }
event-full = Vol: aanmelden zet u op de wachtlijst
event-full-waiting = vol; nieuwe aanmeldingen komen op de wachtlijst
event-full-hint = Dit evenement is vol. Als u zich aanmeldt, komt u op de wachtlijst. Komt er een plaats vrij, dan krijgt u die automatisch en ontvangt u een e-mail.
event-field-when = Datum en tijd
event-field-where = Plaats
event-field-online-url = Online link
event-field-capacity = Aantal plaatsen
event-field-places-left = Plaatsen vrij
event-field-programme = Programma
event-ics-link = Zet in mijn agenda (.ics)
event-register-heading = Aanmelden
event-field-name = Naam
event-field-email = E-mailadres
event-field-institution = Instelling of organisatie
event-field-consent = Ik geef toestemming om deze gegevens te gebruiken voor dit evenement.
event-consent-text = Wij gebruiken uw naam, e-mailadres en instelling alleen om uw aanmelding te verwerken, u over dit evenement te e-mailen en de deelnemerslijst te maken. De programmamanager van MBO Digitaal ziet deze gegevens. Ze worden { $days } dagen na het evenement automatisch verwijderd. U kunt zich altijd afmelden met de persoonlijke link in de bevestigingsmail.
event-register-submit = Aanmelden
event-registration-closed = Aanmelden is niet meer mogelijk: het evenement is begonnen of voorbij.
event-closed = Aanmelden is niet meer mogelijk: het evenement is begonnen, voorbij of afgelast.
event-done-registered = U bent aangemeld. U ontvangt een bevestiging per e-mail, met het evenement voor uw agenda en een persoonlijke link om u af te melden.
event-done-waiting = Het evenement is vol: u staat op de wachtlijst. Komt er een plaats vrij, dan krijgt u die automatisch en ontvangt u een e-mail. De bevestiging met uw persoonlijke afmeldlink is onderweg.
event-status-registered = Aangemeld
event-status-waiting = Wachtlijst
event-status-cancelled = Afgemeld
event-field-long = Maximaal { $max } tekens.
event-title-missing = Vul de titel in.
event-date-missing = Vul de datum in.
event-date-invalid = De datum is geen geldige datum (jjjj-mm-dd).
event-starts-missing = Vul de begintijd in.
event-ends-missing = Vul de eindtijd in.
event-time-invalid = Geen geldige tijd (uu:mm, bijvoorbeeld 13:30).
event-ends-before-start = De eindtijd ligt niet na de begintijd.
event-url-invalid = De online link moet een webadres zijn dat begint met https://.
event-place-missing = Vul een plaats in, een online link, of allebei.
event-programme-missing = Vul het programma in.
event-capacity-missing = Vul het aantal plaatsen in.
event-capacity-invalid = Het aantal plaatsen is een heel getal van 1 tot en met { $max }.
event-capacity-below-registered = Er zijn al { $registered } mensen aangemeld; het aantal plaatsen kan niet lager zijn.
event-name-missing = Vul uw naam in.
event-email-missing = Vul uw e-mailadres in.
event-email-invalid = Het e-mailadres is geen geldig e-mailadres.
event-email-taken = Met dit e-mailadres is al iemand aangemeld voor dit evenement.
event-institution-missing = Vul uw instelling of organisatie in.
event-consent-missing = Geef toestemming voor het gebruik van uw gegevens, anders kunnen wij u niet aanmelden.
event-mail-registered-subject = Aanmelding bevestigd: { $title }
event-mail-registered-body = Beste { $name },

    U bent aangemeld voor { $title } op { $when } ({ $place }).
    Meer informatie: { $url }

    In de bijlage staat het evenement voor uw agenda.

    Kunt u toch niet komen? Meld u dan af met uw persoonlijke link (die werkt één keer): { $link }

    Met vriendelijke groet,
    MBO Digitaal
event-mail-waiting-subject = Wachtlijst: { $title }
event-mail-waiting-body = Beste { $name },

    { $title } op { $when } ({ $place }) is vol. U staat op de wachtlijst. Komt er een plaats vrij, dan krijgt u die automatisch en ontvangt u een e-mail.
    Meer informatie: { $url }

    Wilt u niet meer op de wachtlijst staan? Meld u af met uw persoonlijke link (die werkt één keer): { $link }

    Met vriendelijke groet,
    MBO Digitaal
event-mail-moved-up-subject = Er is een plaats vrij: { $title }
event-mail-moved-up-body = Beste { $name },

    Er is een plaats vrijgekomen: u bent nu aangemeld voor { $title } op { $when } ({ $place }).
    Meer informatie: { $url }

    In de bijlage staat het evenement voor uw agenda. Kunt u toch niet komen? Meld u dan af met de persoonlijke link uit uw eerdere e-mail.

    Met vriendelijke groet,
    MBO Digitaal
event-cancel-title = Afmelden
event-cancel-question = Wilt u zich afmelden voor { $title }?
event-cancel-submit = Ja, meld mij af
event-cancel-keep = Nee, ik blijf aangemeld
event-cancelled-title = Afgemeld
event-cancelled-text = U bent afgemeld voor { $title }. Uw plaats gaat naar de eerste op de wachtlijst.
event-cancel-unknown-title = Deze link werkt niet (meer)
event-cancel-unknown-text = Deze afmeldlink is al gebruikt of bestaat niet. Bent u al afgemeld, dan hoeft u niets meer te doen.
event-back = Terug naar het evenement
events-manage-title = Evenementen beheren
events-manage-empty = Er zijn nog geen evenementen.
events-manage-table = Evenementen met aantal plaatsen, aanmeldingen en wachtlijst
events-new-title = Nieuw evenement
events-edit-title = Evenement wijzigen
event-field-title = Titel
event-field-date = Datum
event-date-hint = jjjj-mm-dd, bijvoorbeeld 2026-03-12
event-field-starts = Begintijd
event-field-ends = Eindtijd
event-time-hint = uu:mm, Nederlandse tijd
event-field-place = Plaats (adres)
event-place-hint = Laat leeg als het evenement alleen online is.
event-field-cancelled = Afgelast (geen aanmeldingen meer; telt niet als gehouden)
event-save = Opslaan
event-saved = Het evenement is opgeslagen.
event-col-links = Bekijken
event-view-public = Openbare pagina
event-edit-link = Evenement wijzigen
event-delete-link = Evenement verwijderen
event-delete-title = Evenement verwijderen
event-delete-confirm = Wilt u { $title } verwijderen? { $registrations ->
    [0] Er zijn geen aanmeldingen.
    [one] De ene aanmelding wordt ook verwijderd.
   *[other] De { $registrations } aanmeldingen worden ook verwijderd.
  }
event-delete-submit = Verwijderen
event-deleted = { $title } is verwijderd.
event-attendees-link = Deelnemers
event-attendees-title = Deelnemers: { $title }
event-attendees-table = Aanmeldingen, eerst wie een plaats heeft, dan de wachtlijst op volgorde
event-attendees-empty = Er zijn (nog) geen aanmeldingen.
event-export-csv = Deelnemerslijst downloaden (CSV)
event-col-name = Naam
event-col-email = E-mailadres
event-col-institution = Instelling
event-col-status = Status
event-col-registered = Aangemeld op
event-retention-note = Aanmeldingen worden na de bewaartermijn na het evenement automatisch verwijderd.
outbox-attachment = Bijlage:
kpi-detail-knowledge-events = { $events ->
    [one] 1 evenement
   *[other] { $events } evenementen
  } gehouden in { $period } (afgelaste niet meegeteld).
audit-entity-knowledge-event = Evenement
audit-action-knowledge-event-created = Evenement aangemaakt
audit-action-knowledge-event-changed = Evenement gewijzigd
audit-action-knowledge-event-deleted = Evenement verwijderd
audit-action-knowledge-event-registered = Aanmelding voor evenement
audit-action-knowledge-event-registration-cancelled = Afmelding voor evenement
audit-action-knowledge-event-moved-up = Doorgeschoven van de wachtlijst
audit-action-knowledge-event-registrations-deleted = Aanmeldingen verwijderd na de bewaartermijn
