import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n";

/**
 * The strings of bid confirmation, the sale, messages and notifications. They live apart from
 * the main catalogs (ko.ts ships in the entry chunk) so that only the pages using them load them.
 */
const ko = {
  "confirm.title": "이 금액으로 입찰할까요?",
  "confirm.amount": "입찰 금액",
  "confirm.max": "자동 입찰 최고가",
  "confirm.binding": "입찰은 취소할 수 없어요. 낙찰되면 구매해야 해요.",
  "confirm.submit": "입찰 확정",
  "confirm.leading": "이미 최고 입찰자예요. 입찰하면 내 입찰가를 스스로 올리게 돼요.",
  "bid.maxLabel": "자동 입찰 최고가 (선택, 원)",
  "bid.maxHint":
    "다른 사람이 더 높게 입찰하면 이 금액까지 최소 단위로 자동 입찰해요. 다른 사람에게는 보이지 않아요.",
  "bid.maxTooLow": "최고가는 입찰 금액 이상이어야 해요.",
  "bid.maxInvalid": "최고가는 원 단위 정수로 입력해 주세요.",
  "bid.leadingNote": "현재 최고 입찰자예요.",
  "bid.outbidAtOnce": "{amount}에 입찰했지만 다른 사람의 자동 입찰이 더 높아요. 현재가 {price}.",
  "bid.myMax": "내 자동 입찰 최고가: {amount}",
  "sale.won": "낙찰받았어요! {price}",
  "sale.sold": "판매됐어요 — 구매자 {nickname}님, {price}",
  "sale.contactBuyer": "구매자 연락처",
  "sale.contactSeller": "판매자 연락처",
  "sale.nextStepBuyer": "판매자에게 연락해 거래 방법을 정하세요.",
  "sale.nextStepSeller":
    "구매자에게 연락해 거래 방법을 정하고, 물건을 건넨 뒤 전달 완료를 눌러 주세요.",
  "sale.handover": "전달 완료",
  "sale.handedOver": "{time}에 전달 완료됐어요.",
  "sale.handoverPending": "판매자가 아직 전달 완료를 표시하지 않았어요.",
  "sale.rateTitle": "{nickname}님과의 거래는 어땠나요?",
  "sale.score": "별점",
  "sale.scoreOption": "{score}점",
  "sale.comment": "한 줄 후기 (선택)",
  "sale.rateSubmit": "평가 남기기",
  "sale.myRating": "내가 남긴 평가: {score}점 {comment}",
  "sale.theirRating": "상대가 남긴 평가: {score}점 {comment}",
  "sale.loading": "거래 정보를 불러오는 중…",
  "thread.title": "거래 메시지",
  "thread.empty": "아직 메시지가 없어요. 먼저 인사해 보세요.",
  "thread.older": "이전 메시지 보기",
  "thread.label": "메시지",
  "thread.send": "보내기",
  "thread.sending": "보내는 중…",
  "thread.me": "나",
  "notifications.title": "알림",
  "notifications.empty": "새 알림이 없어요.",
  "notifications.markAll": "모두 읽음으로 표시",
  "notifications.more": "더 보기",
  "notifications.unread": "읽지 않음",
  "notifications.bell": "알림",
  "notifications.bellUnread": "알림, 읽지 않은 알림 {count}개",
  "notifications.outbid": "‘{title}’ 경매에서 더 높은 입찰이 들어왔어요. 현재가 {price}",
  "notifications.sold": "‘{title}’ 경매가 {price}에 판매됐어요.",
  "notifications.unsold": "‘{title}’ 경매가 입찰 없이 마감됐어요.",
  "notifications.won": "‘{title}’ 경매에서 {price}에 낙찰받았어요!",
  "notifications.message": "‘{title}’ 거래에 새 메시지가 왔어요.",
  "notifications.ending": "관심 상품 ‘{title}’ 경매가 곧 끝나요. 현재가 {price}",
};

export type AfterSaleKey = keyof typeof ko;

const en: Record<AfterSaleKey, string> = {
  "confirm.title": "Place this bid?",
  "confirm.amount": "Your bid",
  "confirm.max": "Automatic bidding up to",
  "confirm.binding": "Bids can't be withdrawn. If you win, you must buy.",
  "confirm.submit": "Confirm bid",
  "confirm.leading": "You're already the highest bidder. Bidding now raises your own bid.",
  "bid.maxLabel": "Maximum for automatic bids (optional, won)",
  "bid.maxHint":
    "When someone outbids you, we bid the least step for you up to this amount. Nobody else sees it.",
  "bid.maxTooLow": "The maximum must be at least your bid.",
  "bid.maxInvalid": "Enter the maximum as a whole number of won.",
  "bid.leadingNote": "You're the highest bidder.",
  "bid.outbidAtOnce":
    "You bid {amount}, but someone's automatic bid is higher. Current price {price}.",
  "bid.myMax": "Your automatic bidding maximum: {amount}",
  "sale.won": "You won! {price}",
  "sale.sold": "Sold — buyer {nickname}, {price}",
  "sale.contactBuyer": "Buyer's phone",
  "sale.contactSeller": "Seller's phone",
  "sale.nextStepBuyer": "Contact the seller to arrange the handover.",
  "sale.nextStepSeller": "Contact the buyer to arrange the handover, then mark it handed over.",
  "sale.handover": "Mark handed over",
  "sale.handedOver": "Handed over on {time}.",
  "sale.handoverPending": "The seller hasn't marked the item handed over yet.",
  "sale.rateTitle": "How was trading with {nickname}?",
  "sale.score": "Rating",
  "sale.scoreOption": "{score} stars",
  "sale.comment": "A short review (optional)",
  "sale.rateSubmit": "Leave rating",
  "sale.myRating": "Your rating: {score} stars {comment}",
  "sale.theirRating": "Their rating: {score} stars {comment}",
  "sale.loading": "Loading the sale…",
  "thread.title": "Messages",
  "thread.empty": "No messages yet. Say hello.",
  "thread.older": "Show older messages",
  "thread.label": "Message",
  "thread.send": "Send",
  "thread.sending": "Sending…",
  "thread.me": "Me",
  "notifications.title": "Notifications",
  "notifications.empty": "No notifications.",
  "notifications.markAll": "Mark all read",
  "notifications.more": "Show more",
  "notifications.unread": "Unread",
  "notifications.bell": "Notifications",
  "notifications.bellUnread": "Notifications, {count} unread",
  "notifications.outbid": "You were outbid on ‘{title}’. Current price {price}",
  "notifications.sold": "‘{title}’ sold for {price}.",
  "notifications.unsold": "‘{title}’ ended without bids.",
  "notifications.won": "You won ‘{title}’ for {price}!",
  "notifications.message": "New message about ‘{title}’.",
  "notifications.ending": "‘{title}’ on your watchlist ends soon. Current price {price}",
};

export type AfterSaleTranslate = (
  key: AfterSaleKey,
  values?: Record<string, string | number>,
) => string;

export function useAfterSaleText(): AfterSaleTranslate {
  const { language } = useI18n();
  return useCallback(
    (key, values) => format((language === "en" ? en : ko)[key], values),
    [language],
  );
}
