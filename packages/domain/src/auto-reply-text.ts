const returnDayFormats = new Map<string, Intl.DateTimeFormat>();

/** The reply a session without its own message sends; the dashboard shows the same text. */
export function defaultAutoReplyMessage(ownerName: string, returnDate: Date, timeZone: string): string {
  let format = returnDayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone });
    returnDayFormats.set(timeZone, format);
  }
  return `Hello,\n\nI am out of office and will be back on ${format.format(returnDate)}. I will read your message when I return.\n\n${ownerName}`;
}

/** An empty message is the owner's choice of no auto-reply for the session. */
export function sendsAutoReply(autoReplyMessage: string | null): boolean {
  return autoReplyMessage !== '';
}
