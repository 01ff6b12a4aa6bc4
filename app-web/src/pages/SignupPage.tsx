import { passwordRuleMessages } from "@ssgbay/contract";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiCallError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { safeReturnPath } from "../auth/returnPath";
import { Alert } from "../components/Alert";
import { TextField } from "../components/Field";
import { useFocusFirstInvalid } from "../hooks/useFocusFirstInvalid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { type FieldErrors, hasErrors, type SignupValues, validateSignup } from "../lib/validation";
import styles from "./AuthPage.module.css";

const empty: SignupValues = {
  username: "",
  password: "",
  passwordConfirm: "",
  nickname: "",
  phone: "",
};

export function Component() {
  const { t, locale } = useI18n();
  const { signup } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [values, setValues] = useState<SignupValues>(empty);
  const [errors, setErrors] = useState<FieldErrors<keyof SignupValues>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof SignupValues, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { formRef, refused } = useFocusFirstInvalid();
  usePageTitle(t("auth.signupTitle"));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateSignup(values);
    setErrors(found);
    setServerErrors({});
    setFailure(null);
    if (hasErrors(found)) {
      refused();
      return;
    }
    setBusy(true);
    try {
      await signup({
        username: values.username,
        password: values.password,
        nickname: values.nickname.trim(),
        phone: values.phone.trim(),
      });
      navigate(safeReturnPath(params.get("next")), { replace: true });
    } catch (error) {
      if (isApiCallError(error) && error.code === "USERNAME_TAKEN") {
        setServerErrors({ username: t("error.USERNAME_TAKEN") });
      } else if (isApiCallError(error) && error.code === "NICKNAME_TAKEN") {
        setServerErrors({ nickname: t("error.NICKNAME_TAKEN") });
      } else if (isApiCallError(error) && error.code === "VALIDATION_FAILED") {
        const fields = error.fieldErrors();
        // The common-password list lives only on the server; say its rule in the UI's words.
        if (fields.password === passwordRuleMessages.common) {
          fields.password = t("validation.passwordCommon");
        }
        setServerErrors(fields);
        setFailure(errorMessage(error, t, locale));
      } else {
        setFailure(errorMessage(error, t, locale));
      }
      setBusy(false);
    }
  };

  const change = (name: keyof SignupValues) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));
  const errorFor = (name: keyof SignupValues) => {
    const key = errors[name];
    return key ? t(key) : serverErrors[name];
  };

  return (
    <div className="container">
      <div className="card form-card">
        <h1 className="page-title">{t("auth.signupTitle")}</h1>
        <p className="page-intro">{t("auth.signupIntro")}</p>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        <form ref={formRef} onSubmit={onSubmit} noValidate>
          <TextField
            label={t("auth.username")}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            hint={t("auth.usernameHint")}
            value={values.username}
            onChange={change("username")}
            error={errorFor("username")}
          />
          <TextField
            label={t("auth.password")}
            name="password"
            type="password"
            autoComplete="new-password"
            hint={t("auth.passwordHint")}
            value={values.password}
            onChange={change("password")}
            error={errorFor("password")}
          />
          <TextField
            label={t("auth.passwordConfirm")}
            name="passwordConfirm"
            type="password"
            autoComplete="new-password"
            value={values.passwordConfirm}
            onChange={change("passwordConfirm")}
            error={errorFor("passwordConfirm")}
          />
          <TextField
            label={t("auth.nickname")}
            name="nickname"
            autoComplete="nickname"
            value={values.nickname}
            onChange={change("nickname")}
            error={errorFor("nickname")}
          />
          <TextField
            label={t("auth.phone")}
            name="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            hint={t("auth.phoneHint")}
            value={values.phone}
            onChange={change("phone")}
            error={errorFor("phone")}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? t("auth.signingUp") : t("auth.signup")}
          </button>
        </form>
        <p className={styles.switch}>
          {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </div>
    </div>
  );
}
