import type { ItemCategory } from "@ssgbay/contract";
import type { DrawingKind } from "./drawings.js";

/** The demo catalogue: Korean listings, as the site is Korean by default. */
export const demoUsers = [
  { username: "minji", nickname: "민지", phone: "01012345678" },
  { username: "junho", nickname: "준호", phone: "01023456789" },
  { username: "seoyeon", nickname: "서연", phone: "01034567890" },
  { username: "dohyun", nickname: "도현", phone: "01045678901" },
] as const;

export const demoItems = [
  ["빈티지 필름 카메라", "1980년대 수동 필름 카메라입니다. 셔터와 노출계 모두 정상 작동합니다."],
  ["기계식 키보드 (갈축)", "텐키리스 배열, 키캡 여분 포함. 6개월 사용했습니다."],
  ["원목 책상 1200", "원목 상판 책상입니다. 생활 기스 조금 있어요. 직거래 선호."],
  ["닌텐도 스위치 OLED", "화이트 색상, 박스 풀구성. 조이콘 쏠림 없습니다."],
  ["노이즈캔슬링 헤드폰", "블루투스 5.3, 배터리 성능 좋습니다. 파우치 포함."],
  ["캠핑 의자 2개 세트", "접이식 캠핑 의자 두 개. 한 번 사용했습니다."],
  ["LP 레코드 10장 묶음", "재즈와 시티팝 위주 LP 10장. 재생 상태 양호."],
  ["전기 자전거", "주행거리 800km, 배터리 2개 포함. 정비 완료."],
  ["에스프레소 머신", "가정용 반자동 머신. 스팀 완드 정상. 그라인더 별도."],
  ["아이패드 에어 5세대", "64GB 와이파이 모델, 애플펜슬 2세대 함께 드려요."],
  ["등산화 270mm", "고어텍스 등산화, 두 번 신었습니다."],
  ["한정판 피규어", "미개봉 한정판 피규어입니다. 박스 모서리 눌림 약간."],
  ["27인치 모니터", "QHD 144Hz 모니터. 불량화소 없습니다."],
  ["보드게임 컬렉션", "인기 보드게임 5종 묶음. 구성품 모두 확인했습니다."],
  ["스탠드 조명", "무드등 겸 독서등. 밝기 3단계 조절."],
  ["가죽 백팩", "소가죽 백팩, 노트북 15인치 수납 가능."],
  ["드립 커피 세트", "핸드밀, 드리퍼, 서버, 주전자 세트입니다."],
  ["요가 매트와 폼롤러", "8mm 요가 매트와 폼롤러 함께 드립니다."],
  ["전자책 리더기", "6인치 전자잉크, 케이스 포함. 배터리 오래갑니다."],
  ["미니 빔프로젝터", "FHD 지원, 캠핑용으로 좋아요. 리모컨 포함."],
  ["수채화 물감 세트", "전문가용 24색 수채화 물감과 붓 세트."],
  ["클래식 기타", "입문용 클래식 기타, 줄 새로 교체했습니다."],
  ["무선 청소기", "흡입력 좋은 무선 청소기, 헤드 2종 포함."],
  ["레고 테크닉", "조립 후 전시만 했습니다. 설명서와 박스 있음."],
  ["스마트워치", "GPS 모델, 스트랩 2개 추가 증정."],
  ["캠핑 텐트 4인용", "설치 쉬운 원터치 텐트, 그라운드 시트 포함."],
  ["아이폰 13 미니 128GB", "배터리 성능 87%, 액정 기스 없음. 케이스와 필름 부착 상태로 드려요."],
  ["블루투스 스피커", "방수 스피커, 12시간 재생."],
  ["소설책 10권 묶음", "한국 현대소설 10권. 밑줄이나 낙서 없이 깨끗해요."],
  ["디지털 피아노", "88건반 해머 액션, 페달과 의자 포함."],
] as const;

/**
 * What each demo item (same index as demoItems) is filed under and what it looks like: its
 * category, the drawing its photos show (drawings.ts) and how many photos it has.
 */
export const demoListingDetails: readonly {
  category: ItemCategory;
  drawing: DrawingKind;
  photos: number;
}[] = [
  { category: "camera", drawing: "camera", photos: 3 },
  { category: "digital", drawing: "keyboard", photos: 2 },
  { category: "furniture", drawing: "desk", photos: 2 },
  { category: "hobby", drawing: "console", photos: 3 },
  { category: "digital", drawing: "headphones", photos: 1 },
  { category: "sports", drawing: "chair", photos: 2 },
  { category: "hobby", drawing: "record", photos: 1 },
  { category: "sports", drawing: "bicycle", photos: 3 },
  { category: "etc", drawing: "espresso", photos: 2 },
  { category: "digital", drawing: "tablet", photos: 2 },
  { category: "fashion", drawing: "shoe", photos: 3 },
  { category: "hobby", drawing: "figure", photos: 1 },
  { category: "digital", drawing: "monitor", photos: 2 },
  { category: "hobby", drawing: "dice", photos: 1 },
  { category: "furniture", drawing: "lamp", photos: 2 },
  { category: "fashion", drawing: "backpack", photos: 3 },
  { category: "etc", drawing: "dripper", photos: 1 },
  { category: "sports", drawing: "mat", photos: 1 },
  { category: "books", drawing: "ereader", photos: 2 },
  { category: "digital", drawing: "projector", photos: 2 },
  { category: "hobby", drawing: "palette", photos: 1 },
  { category: "hobby", drawing: "guitar", photos: 2 },
  { category: "etc", drawing: "vacuum", photos: 1 },
  { category: "hobby", drawing: "brick", photos: 2 },
  { category: "digital", drawing: "watch", photos: 2 },
  { category: "sports", drawing: "tent", photos: 2 },
  { category: "digital", drawing: "phone", photos: 3 },
  { category: "digital", drawing: "speaker", photos: 1 },
  { category: "books", drawing: "books", photos: 2 },
  { category: "hobby", drawing: "piano", photos: 2 },
];

/** Where demo meet-ups happen. */
export const demoTradeAreas = [
  "서울 마포구 합정역",
  "서울 강남구 역삼역",
  "경기 성남시 판교역",
  "서울 송파구 잠실역",
  "부산 해운대구 센텀시티역",
] as const;
