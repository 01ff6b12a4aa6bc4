import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { safeReturnPath } from "../auth/returnPath";
import { Alert } from "../components/Alert";
import { TextField } from "../components/Field";
import { useFocusFirstInvalid } from "../hooks/useFocusFirstInvalid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { type FieldErrors, hasErrors, type LoginValues, validateLogin } from "../lib/validation";
import styles from "./AuthPage.module.css";

export function Component() {
  const { t, locale } = useI18n();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next");
  const { formRef, refused } = useFocusFirstInvalid();
  usePageTitle(t("auth.loginTitle"));
  const [values, setValues] = useState<LoginValues>({ username: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors<keyof LoginValues>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateLogin(values);
    setErrors(found);
    setFailure(null);
    if (hasErrors(found)) {
      refused();
      return;
    }
    setBusy(true);
    try {
      await login(values.username.trim(), values.password);
      navigate(safeReturnPath(next), { replace: true });
    } catch (error) {
      setFailure(errorMessage(error, t, locale));
      setBusy(false);
    }
  };

  const change = (name: keyof LoginValues) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  return (
    <div className="container">
      <div className="card form-card">
        <h1 className="page-title">{t("auth.loginTitle")}</h1>
        <p className="page-intro">{next ? t("auth.loginRequired") : t("auth.loginIntro")}</p>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        <form ref={formRef} onSubmit={onSubmit} noValidate>
          <TextField
            label={t("auth.username")}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            value={values.username}
            onChange={change("username")}
            error={errors.username && t(errors.username)}
          />
          <TextField
            label={t("auth.password")}
            name="password"
            type="password"
            autoComplete="current-password"
            value={values.password}
            onChange={change("password")}
            error={errors.password && t(errors.password)}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? t("auth.loggingIn") : t("auth.login")}
          </button>
        </form>
        <p className={styles.switch}>
          {t("auth.noAccount")}{" "}
          <Link to={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}>
            {t("nav.signup")}
          </Link>
        </p>
      </div>
    </div>
  );
}
