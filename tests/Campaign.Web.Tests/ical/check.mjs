// Reads one iCalendar object on stdin and prints what an independent client (ical.js) understands from it, as JSON.
// Times are resolved with the VTIMEZONE components in the file itself (ical.js has no zone database of its own).
import ICAL from 'ical.js';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;

const root = new ICAL.Component(ICAL.parse(text));
for (const vtz of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(vtz);
}

const iso = (t) => t.toJSDate().toISOString();
const person = (p) => p ? { value: p.getFirstValue(), cn: p.getParameter('cn') ?? null, partstat: p.getParameter('partstat') ?? null } : null;
const events = root.getAllSubcomponents('vevent').map((c) => {
  const e = new ICAL.Event(c);
  return {
    uid: e.uid,
    sequence: e.sequence,
    status: c.getFirstPropertyValue('status'),
    start: iso(e.startDate),
    end: iso(e.endDate),
    tzid: c.getFirstProperty('dtstart').getParameter('tzid') ?? null,
    stamp: c.getFirstPropertyValue('dtstamp')?.toString() ?? null,
    summary: e.summary,
    location: e.location,
    description: e.description,
    url: c.getFirstPropertyValue('url'),
    organizer: person(c.getFirstProperty('organizer')),
    attendee: person(c.getFirstProperty('attendee')),
  };
});
const timezones = root.getAllSubcomponents('vtimezone').map((z) => ({
  tzid: z.getFirstPropertyValue('tzid'),
  standard: z.getAllSubcomponents('standard').length,
  daylight: z.getAllSubcomponents('daylight').length,
}));
process.stdout.write(JSON.stringify({ method: root.getFirstPropertyValue('method'), events, timezones }));
