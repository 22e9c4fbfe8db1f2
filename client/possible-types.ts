
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AddShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AddSkuResult": [
      "AddSkuPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AdjustSkuStockResult": [
      "AdjustSkuStockPayload",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "ConfirmAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCategoryResult": [
      "AlreadyExistsError",
      "CreateCategoryPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCreatorAccountResult": [
      "AlreadyExistsError",
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateFlashDealResult": [
      "CreateFlashDealPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductDiscountResult": [
      "CreateProductDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductResult": [
      "AlreadyExistsError",
      "CreateProductPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "CreateShippingDiscountResult": [
      "CreateShippingDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShippingTemplateResult": [
      "AlreadyExistsError",
      "CreateShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateVoucherResult": [
      "AlreadyExistsError",
      "CreateVoucherPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAffiliatePlanInvitationResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeleteShippingTemplateResult": [
      "DeleteShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndPromotionResult": [
      "EndPromotionPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndVoucherResult": [
      "EndVoucherPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "FreezeProductResult": [
      "FreezeProductPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "InviteToAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "JoinAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "LeaveAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "LogInResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "LogOutResult": [
      "LogOutPayload",
      "ValidationError"
    ],
    "Node": [
      "AccountLink",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "Product",
      "Promotion",
      "ShippingTemplate",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument",
      "Voucher"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RefreshAccessTokenResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "ReinstateShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "ReinstateShopPayload",
      "ValidationError"
    ],
    "RemoveShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveShopMemberPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RemoveShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RemoveSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveSkuPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RequestAccountLinkResult": [
      "AccountLinkPayload",
      "AlreadyExistsError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ResumeAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ReviewShopVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ReviewShopVerificationPayload",
      "ValidationError"
    ],
    "RevokeAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetAffiliatePlanProductsResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetProductStatusResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetProductStatusPayload",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "SetShopBankAccountResult": [
      "BankAccountNameMismatchError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetShopBankAccountPayload",
      "ValidationError"
    ],
    "SetShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SetShopMemberPayload",
      "ValidationError"
    ],
    "SignUpResult": [
      "AlreadyExistsError",
      "AuthPayload",
      "ValidationError"
    ],
    "SubmitShopForVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "SubmitShopForVerificationPayload",
      "ValidationError"
    ],
    "SuspendShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "SuspendShopPayload",
      "ValidationError"
    ],
    "UnfreezeProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UnfreezeProductPayload",
      "ValidationError"
    ],
    "UpdateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateCreatorAccountResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateProductPayload",
      "ValidationError"
    ],
    "UpdatePromotionResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdatePromotionPayload",
      "ValidationError"
    ],
    "UpdateShippingTemplateResult": [
      "AlreadyExistsError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateShippingTemplatePayload",
      "ValidationError"
    ],
    "UpdateSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "UpdateSkuPayload",
      "ValidationError"
    ],
    "UpdateVoucherResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateVoucherPayload",
      "ValidationError"
    ],
    "UploadVerificationDocumentResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UploadRejectedError",
      "UploadVerificationDocumentPayload",
      "ValidationError"
    ],
    "UserError": [
      "AlreadyExistsError",
      "BankAccountNameMismatchError",
      "FlashDealOverError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShippingUnavailableError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError",
      "VoucherInvalidError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AddShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AddSkuResult": [
      "AddSkuPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AdjustSkuStockResult": [
      "AdjustSkuStockPayload",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "ConfirmAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCategoryResult": [
      "AlreadyExistsError",
      "CreateCategoryPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCreatorAccountResult": [
      "AlreadyExistsError",
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateFlashDealResult": [
      "CreateFlashDealPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductDiscountResult": [
      "CreateProductDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductResult": [
      "AlreadyExistsError",
      "CreateProductPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "CreateShippingDiscountResult": [
      "CreateShippingDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShippingTemplateResult": [
      "AlreadyExistsError",
      "CreateShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateVoucherResult": [
      "AlreadyExistsError",
      "CreateVoucherPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAffiliatePlanInvitationResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeleteShippingTemplateResult": [
      "DeleteShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndPromotionResult": [
      "EndPromotionPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndVoucherResult": [
      "EndVoucherPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "FreezeProductResult": [
      "FreezeProductPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "InviteToAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "JoinAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "LeaveAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "LogInResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "LogOutResult": [
      "LogOutPayload",
      "ValidationError"
    ],
    "Node": [
      "AccountLink",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "Product",
      "Promotion",
      "ShippingTemplate",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument",
      "Voucher"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RefreshAccessTokenResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "ReinstateShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "ReinstateShopPayload",
      "ValidationError"
    ],
    "RemoveShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveShopMemberPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RemoveShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RemoveSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveSkuPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RequestAccountLinkResult": [
      "AccountLinkPayload",
      "AlreadyExistsError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ResumeAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ReviewShopVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ReviewShopVerificationPayload",
      "ValidationError"
    ],
    "RevokeAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetAffiliatePlanProductsResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetProductStatusResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetProductStatusPayload",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "SetShopBankAccountResult": [
      "BankAccountNameMismatchError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetShopBankAccountPayload",
      "ValidationError"
    ],
    "SetShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SetShopMemberPayload",
      "ValidationError"
    ],
    "SignUpResult": [
      "AlreadyExistsError",
      "AuthPayload",
      "ValidationError"
    ],
    "SubmitShopForVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "SubmitShopForVerificationPayload",
      "ValidationError"
    ],
    "SuspendShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "SuspendShopPayload",
      "ValidationError"
    ],
    "UnfreezeProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UnfreezeProductPayload",
      "ValidationError"
    ],
    "UpdateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateCreatorAccountResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateProductPayload",
      "ValidationError"
    ],
    "UpdatePromotionResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdatePromotionPayload",
      "ValidationError"
    ],
    "UpdateShippingTemplateResult": [
      "AlreadyExistsError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateShippingTemplatePayload",
      "ValidationError"
    ],
    "UpdateSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "UpdateSkuPayload",
      "ValidationError"
    ],
    "UpdateVoucherResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateVoucherPayload",
      "ValidationError"
    ],
    "UploadVerificationDocumentResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UploadRejectedError",
      "UploadVerificationDocumentPayload",
      "ValidationError"
    ],
    "UserError": [
      "AlreadyExistsError",
      "BankAccountNameMismatchError",
      "FlashDealOverError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShippingUnavailableError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError",
      "VoucherInvalidError"
    ]
  }
};
      export default result;
    