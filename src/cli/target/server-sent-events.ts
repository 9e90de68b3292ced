// Reads a text/event-stream (the local runtime's watch): events are blocks of `field: value`
// lines ended by a blank line; lines starting with `:` are comments (keep-alives).

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Feeds chunks as they arrive; complete events come out, a partial one waits for the rest. */
export class EventStreamDecoder {
  #buffer = '';

  push(chunk: string): ServerSentEvent[] {
    this.#buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ServerSentEvent[] = [];
    let end = this.#buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
      end = this.#buffer.indexOf('\n\n');
    }
    return events;
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
