import { useEffect, useRef, useState } from "react";

/**
 * After a submit the form refused, moves focus to its first field marked aria-invalid, so a
 * keyboard or screen-reader user lands on the problem. Call `refused()` when the checks fail;
 * focus moves once the errors are rendered.
 */
export function useFocusFirstInvalid<Form extends HTMLElement = HTMLFormElement>() {
  const formRef = useRef<Form>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  return { formRef, refused: () => setRefusals((count) => count + 1) };
}
