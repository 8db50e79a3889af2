# Survey invitation letters.
letter-title = Invitation to the survey
letter-body = Your city administration would like to know how diverse its staff are. The survey is voluntary and anonymous: your name appears nowhere, and after you send your answers your code is only marked as used – with no link to your answers.
letter-url = Address of the survey
letter-code = Your personal access code
letter-qr = QR code: opens the survey with your code
letter-second = Second column in German (letters as PDF)
