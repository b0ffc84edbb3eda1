// Calendar holds as a calendar app reads them: ical.js (Thunderbird, Nextcloud) parses
// the iCalendar text on stdin, registers its VTIMEZONEs, and prints each event's
// summary, location, start in UTC and length in minutes as JSON.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const root = new ICAL.Component(ICAL.parse(fs.readFileSync(0, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    start_utc: event.startDate.toJSDate().toISOString(),
    minutes: Math.round(event.duration.toSeconds() / 60),
    tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
  };
});
process.stdout.write(JSON.stringify(events));
