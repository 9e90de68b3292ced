import { useEffect, useState } from 'preact/hooks';

/**
 * The namespace to list: any name can be typed (a user who may not list every namespace still
 * reaches theirs), the ones seen so far are offered; empty means every namespace. It applies on
 * Enter, when a suggestion is picked, or when the field is left.
 */
export function NamespaceField({
  namespace,
  namespaces,
  onChoose,
}: {
  namespace: string;
  namespaces: string[];
  onChoose: (namespace: string) => void;
}) {
  const [text, setText] = useState(namespace);
  useEffect(() => setText(namespace), [namespace]);
  const choose = () => {
    const next = text.trim();
    if (next !== namespace) onChoose(next);
  };
  return (
    <div class="field">
      <label for="namespace">Namespace</label>
      <input
        id="namespace"
        data-testid="namespace-filter"
        list="namespace-options"
        placeholder="every namespace"
        autoComplete="off"
        spellcheck={false}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onChange={choose}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            choose();
          }
        }}
      />
      <datalist id="namespace-options">
        {namespaces.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
