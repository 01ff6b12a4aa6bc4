// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ConfirmDialog } from "../../src/components/ConfirmDialog";
import { I18nProvider } from "../../src/i18n/i18n";

function Harness({ onConfirm }: { onConfirm(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <I18nProvider>
      <button type="button" onClick={() => setOpen(true)}>
        경매 삭제
      </button>
      {open ? (
        <ConfirmDialog
          title="이 경매를 삭제할까요?"
          confirmLabel="삭제"
          onConfirm={onConfirm}
          onCancel={() => setOpen(false)}
        >
          되돌릴 수 없어요.
        </ConfirmDialog>
      ) : null}
    </I18nProvider>
  );
}

describe("confirmation dialog", () => {
  it("starts on the safe choice, keeps Tab inside, and Escape cancels back to the opener", async () => {
    let confirmed = 0;
    render(<Harness onConfirm={() => confirmed++} />);
    const typist = userEvent.setup();
    const opener = screen.getByRole("button", { name: "경매 삭제" });
    await typist.click(opener);

    const dialog = screen.getByRole("alertdialog", { name: "이 경매를 삭제할까요?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("되돌릴 수 없어요.");
    expect(screen.getByRole("button", { name: "취소" })).toHaveFocus();
    await typist.tab();
    expect(screen.getByRole("button", { name: "삭제" })).toHaveFocus();
    await typist.tab();
    expect(screen.getByRole("button", { name: "취소" })).toHaveFocus();
    await typist.tab({ shift: true });
    expect(screen.getByRole("button", { name: "삭제" })).toHaveFocus();

    await typist.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(confirmed).toBe(0);
  });

  it("confirms only on the explicit button", async () => {
    let confirmed = 0;
    render(<Harness onConfirm={() => confirmed++} />);
    const typist = userEvent.setup();
    await typist.click(screen.getByRole("button", { name: "경매 삭제" }));
    await typist.click(screen.getByRole("button", { name: "삭제" }));
    expect(confirmed).toBe(1);
  });
});
