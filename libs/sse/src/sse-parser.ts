/** One Server-Sent Event: its type (`message` when the stream names none), id and data (lines joined by \n). */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a text/event-stream as it arrives (the HTML standard's parsing, for the fields Evently sends):
 * `push` takes each chunk of text and returns the events it completed. Lines end with \n, \r\n or \r; a blank
 * line ends an event; `data` lines are joined with \n; a line starting with `:` is a comment; one space after
 * the colon is not part of the value. Pure, so the web dashboard, the demo and the tests share it.
 */
export class SseParser {
  private buffer = '';
  private event: SseEvent = { event: 'message', data: '' };
  private dataLines: string[] = [];

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (end < 0 || (this.buffer[end] === '\r' && end === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') this.event.event = value;
    else if (field === 'id') this.event.id = value;
    else if (field === 'data') this.dataLines.push(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const event = { ...this.event, data: this.dataLines.join('\n') };
    const empty = this.dataLines.length === 0 && this.event.event === 'message' && event.id === undefined;
    this.event = { event: 'message', data: '' };
    this.dataLines = [];
    return empty ? undefined : event;
  }
}
