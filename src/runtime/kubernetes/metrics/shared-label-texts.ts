// Label texts that many metric series hold alike, kept once: the rendered labels that name one
// object (`{namespace="shop",name="web"`), shared by that object's series in every instrument given
// the same table, and those after them (`,type="Normal",reason="RolloutUpdated"}`), shared by the
// series of every object; with each text, its labels (the label values too are one string for all
// those series, not a copy of the object's name per series). Each text is counted by the series that use it and dropped with the last
// of them, so the table holds the texts of live series only. A text has a small integer id (ids of
// dropped texts are reused), from which an instrument makes its series' key: a number, not one more
// string per series.
import type { Labels } from '../../../platform/prometheus/exposition.ts';

export class SharedLabelTexts {
  readonly #ids = new Map<string, number>();
  readonly #texts: string[] = [];
  readonly #labels: Labels[] = [];
  readonly #uses: number[] = [];
  readonly #free: number[] = [];

  /** The id of `text` while a series uses it. */
  idOf(text: string): number | undefined {
    return this.#ids.get(text);
  }

  /** The text of a live id: the one string every series with this text holds. */
  textOf(id: number): string {
    return this.#texts[id]!;
  }

  /** The labels of a live id (those `text` renders). */
  labelsOf(id: number): Labels {
    return this.#labels[id]!;
  }

  /** Counts one more series using `text`, the rendering of `labels()`; returns its id. */
  take(text: string, labels: () => Labels): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#free.pop() ?? this.#texts.length;
      this.#ids.set(text, id);
      this.#texts[id] = text;
      this.#labels[id] = labels();
      this.#uses[id] = 0;
    }
    this.#uses[id] = this.#uses[id]! + 1;
    return id;
  }

  /** One series less uses the text of `id`; the last one drops it. */
  release(id: number): void {
    const uses = this.#uses[id]! - 1;
    this.#uses[id] = uses;
    if (uses > 0) return;
    this.#ids.delete(this.#texts[id]!);
    this.#texts[id] = '';
    this.#labels[id] = NO_LABELS;
    this.#free.push(id);
  }

  /** How many distinct texts live series use. */
  get size(): number {
    return this.#ids.size;
  }
}

const NO_LABELS: Labels = {};
