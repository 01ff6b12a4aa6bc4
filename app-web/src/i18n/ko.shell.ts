/**
 * The Korean strings of the frame around every page (header, footer, search, the page-failed
 * view): they ship with the first JavaScript, so the frame renders before any page's strings
 * (the rest of ko.ts) arrive. Add here only what the frame itself shows.
 */
export const koShell = {
  "app.name": "쓱Bay",
  "app.tagline": "이웃과 함께하는 경매 장터",
  "nav.skipToContent": "본문으로 건너뛰기",
  "nav.home": "홈",
  "nav.sell": "판매하기",
  "nav.myPage": "마이페이지",
  "nav.login": "로그인",
  "nav.signup": "회원가입",
  "nav.logout": "로그아웃",
  "nav.greeting": "{nickname}님",
  "nav.language": "English",
  "nav.languageShort": "EN",
  "nav.languageLabel": "Switch to English",
  "nav.mainLabel": "주 메뉴",
  "nav.backToTop": "맨 위로",
  "nav.loading": "페이지를 불러오는 중…",
  "search.label": "경매 검색",
  "search.placeholder": "어떤 물건을 찾으세요?",
  "search.submit": "검색",
  "home.retry": "다시 시도",
  "notFound.title": "페이지를 찾을 수 없어요",
  "notFound.body": "주소가 바뀌었거나 삭제된 페이지예요.",
  "notFound.home": "홈으로 가기",
  "error.INTERNAL": "일시적인 오류가 발생했어요. 잠시 후 다시 시도해 주세요.",
};
