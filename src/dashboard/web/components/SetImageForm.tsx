import { useEffect, useState } from 'preact/hooks';
import type { ActionRequest } from '../../contract.ts';

/** `set image`: a container of the pod template and the image it should run. */
export function SetImageForm({
  containers,
  disabled,
  resetKey,
  onSubmit,
}: {
  containers: string[];
  disabled: boolean;
  /** A new value (an action succeeded) empties the form. */
  resetKey: number;
  onSubmit: (body: ActionRequest) => void;
}) {
  const [container, setContainer] = useState('');
  const [image, setImage] = useState('');
  useEffect(() => {
    if (resetKey > 0) setImage('');
  }, [resetKey]);
  const chosen = container || containers[0] || '';
  return (
    <form
      class="inline-form"
      aria-label="Set image"
      data-testid="set-image-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (image.trim() !== '' && chosen !== '') onSubmit({ container: chosen, image: image.trim() });
      }}
    >
      <fieldset disabled={disabled}>
        <legend>Set image</legend>
        <div class="field">
          <label for="set-image-container">Container</label>
          <select
            id="set-image-container"
            data-testid="set-image-container"
            value={chosen}
            onChange={(event) => setContainer(event.currentTarget.value)}
          >
            {containers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="set-image-image">Image</label>
          <input
            id="set-image-image"
            data-testid="set-image-image"
            required
            placeholder="registry/app:v2"
            spellcheck={false}
            value={image}
            onInput={(event) => setImage(event.currentTarget.value)}
          />
        </div>
        <button type="submit" data-testid="action-set-image">
          Set image
        </button>
      </fieldset>
    </form>
  );
}
